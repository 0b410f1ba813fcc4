/**
 * Debian packages as a text source: `apt-get download` into a cache and unpack only the
 * directories a source needs (`dpkg-deb --fsys-tarfile | tar -x`, which is what `dpkg -x` does,
 * restricted to some paths). Nothing is installed. The exact version and checksum of every
 * package used go into the corpus lock file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SitoError } from '../errors.js';

export interface PackageInfo {
  name: string;
  version: string;
  architecture: string;
  sha256: string;
  size: number;
}

export interface FetchedPackage extends PackageInfo {
  /** Directory the package's files were unpacked under. */
  dir: string;
}

/** Candidate version of a package from apt's index (no network). */
export function aptCandidate(name: string, version?: string): PackageInfo {
  const spec = version ? `${name}=${version}` : name;
  const r = spawnSync('apt-cache', ['show', '--no-all-versions', spec], { encoding: 'utf8' });
  if (r.status !== 0 || !r.stdout.trim()) {
    throw new SitoError(
      version
        ? `Debian package ${name} version ${version} (pinned by the lock) is not available from apt: run 'apt-get update', or rebuild with current versions (SITO_UNLOCKED=1 / no --locked)`
        : `Debian package ${name} is not known to apt (run 'apt-get update' first)`,
    );
  }
  const field = (key: string): string => new RegExp(`^${key}: (.*)$`, 'm').exec(r.stdout)?.[1]?.trim() ?? '';
  return { name, version: field('Version'), architecture: field('Architecture'), sha256: field('SHA256'), size: Number(field('Size')) };
}

function debFileName(info: PackageInfo): string {
  return `${info.name}_${info.version.replace(/:/g, '%3a')}_${info.architecture}.deb`;
}

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Downloads (unless cached with the right checksum) and unpacks the given roots of a package.
 * With `version` the exact version from a lock is required.
 */
export function fetchPackage(name: string, roots: string[], cacheDir: string, version?: string): FetchedPackage {
  const info = aptCandidate(name, version);
  const debDir = join(cacheDir, 'debs');
  mkdirSync(debDir, { recursive: true });
  const deb = join(debDir, debFileName(info));
  if (!existsSync(deb) || sha256File(deb) !== info.sha256) {
    const r = spawnSync('apt-get', ['download', '-q', `${name}=${info.version}`], { cwd: debDir, encoding: 'utf8' });
    if (r.status !== 0 || !existsSync(deb)) {
      throw new SitoError(`apt-get download ${name}=${info.version} failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
    }
    if (sha256File(deb) !== info.sha256) throw new SitoError(`${deb}: checksum does not match apt's index`);
  }
  const dir = join(cacheDir, 'unpacked', `${info.name}_${info.version.replace(/:/g, '%3a')}`);
  mkdirSync(dir, { recursive: true });
  for (const root of roots) {
    const marker = join(dir, `.sito-unpacked-${createHash('sha1').update(root).digest('hex').slice(0, 12)}`);
    if (existsSync(marker)) continue;
    // tar exits 2 when no member matches; a package without that language's files is not an error.
    const cmd = `dpkg-deb --fsys-tarfile "$1" | tar -x -C "$2" --wildcards "./$3/*" 2>/dev/null; true`;
    execFileSync('sh', ['-c', cmd, 'sh', deb, dir, root.replace(/\/+$/, '')]);
    writeFileSync(marker, `${root}\n`);
  }
  return { ...info, dir };
}

/** Versions of the tools whose output ends up in the corpus (rendering changes with groff). */
export function toolVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pkg of ['groff-base', 'man-db', 'dpkg', 'tar']) {
    const r = spawnSync('dpkg-query', ['-W', '-f', '${Version}', pkg], { encoding: 'utf8' });
    out[pkg] = r.status === 0 ? r.stdout.trim() : 'not installed';
  }
  return out;
}
