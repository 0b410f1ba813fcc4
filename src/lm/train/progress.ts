/**
 * lmplz's reading progress: a ruler of 100 columns and one star per percent of the input.
 * On a terminal the stars appear as bytes are read; in a log they are written in one go at the
 * end (a half-drawn bar in a log file says nothing). Input of unknown size gets a full bar at
 * the end.
 */
const RULER = '----5---10---15---20---25---30---35---40---45---50---55---60---65---70---75---80---85---90---95--100\n';

export class ProgressBar {
  private drawn = 0;

  constructor(
    private readonly log: (text: string) => void,
    private readonly total: number | undefined,
    private readonly live: boolean,
  ) {
    log(RULER);
  }

  update(bytes: number): void {
    if (!this.live || !this.total) return;
    const stars = Math.min(100, Math.floor((bytes * 100) / this.total));
    if (stars > this.drawn) {
      this.log('*'.repeat(stars - this.drawn));
      this.drawn = stars;
    }
  }

  finish(): void {
    if (this.drawn < 100) this.log('*'.repeat(100 - this.drawn));
    this.log('\n');
  }
}
