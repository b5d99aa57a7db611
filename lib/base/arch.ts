// Windows' names for the architectures Node runs on.

const WINDOWS_ARCH: Record<string, string> = { x64: 'amd64', ia32: 'x86', arm64: 'arm64' };

/** The Windows name (amd64, x86, arm64) of a Node architecture; the Node name when Windows has none. */
export function windowsArchOf(nodeArch: string = process.arch): string {
  return WINDOWS_ARCH[nodeArch] ?? nodeArch;
}
