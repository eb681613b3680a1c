// Just enough OpenPGP to answer two questions about a keyring file without gpg: is Docker's
// key in it, and would apt accept the file at all (apt-key's is_supported_keyring rules).

/** Docker's release key 9DC8 5822 9FC7 DD38 854A  E2D8 8D81 803C 0EBF CD88: its key id. */
export const DOCKER_KEY_ID = '8D81803C0EBFCD88';
export const DOCKER_KEY_SHORT_ID = '0EBFCD88';
/** The subkey that signs Docker's repository: what apt names in NO_PUBKEY. */
export const DOCKER_SIGNING_SUBKEY = '7EA0A9C3F273FCD8';
const DOCKER_UID = 'Docker Release (CE deb)';

const ARMOR_BEGIN = '-----BEGIN PGP PUBLIC KEY BLOCK-----';

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** The bytes of every armored key block in the text (headers and checksum dropped). */
export function dearmor(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  const re = /-----BEGIN PGP PUBLIC KEY BLOCK-----([\s\S]*?)-----END PGP PUBLIC KEY BLOCK-----/g;
  for (const m of text.matchAll(re)) {
    // armor headers ("Comment: ...") hold a colon, which base64 never does; "=XXXX" is the checksum
    const b64 = m[1]!
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.includes(':') && !/^=[A-Za-z0-9+/]{4}$/.test(l))
      .join('');
    if (/^[A-Za-z0-9+/=]*$/.test(b64)) out.push(Uint8Array.from(Buffer.from(b64, 'base64')));
  }
  return out;
}

/** True when the keyring (binary, keybox or armored) holds Docker's release key. */
export function hasDockerKey(bytes: Uint8Array): boolean {
  const id = Uint8Array.from(Buffer.from(DOCKER_KEY_ID, 'hex'));
  const uid = new TextEncoder().encode(DOCKER_UID);
  const has = (b: Uint8Array) => indexOf(b, id) >= 0 || indexOf(b, uid) >= 0;
  if (has(bytes)) return true;
  const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 4 * 1024 * 1024))).toString('latin1');
  return head.includes(ARMOR_BEGIN) && dearmor(head).some(has);
}

export type KeyringProblem =
  | 'empty'
  /** An armored key saved under .gpg: apt wants binary there. */
  | 'armored-in-gpg'
  /** A GnuPG keybox (what `gpg --keyring x --import` makes), which apt cannot read. */
  | 'keybox'
  /** Not an OpenPGP key at all: typically the HTML of an error page saved by curl without -f. */
  | 'not-a-key';

/** Why apt would ignore this keyring ("... are ignored as the file has an unsupported filetype"), if it would. */
export function keyringProblem(path: string, bytes: Uint8Array): KeyringProblem | undefined {
  if (bytes.length === 0) return 'empty';
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const armored = head.includes(ARMOR_BEGIN);
  if (path.endsWith('.asc')) return armored ? undefined : 'not-a-key';
  const first = bytes[0]!;
  // old-format public key packet (0x98, 0x99) or new-format (0xC6), as apt-key checks
  if (first === 0x98 || first === 0x99 || first === 0xc6) return undefined;
  if (armored) return path.endsWith('.gpg') ? 'armored-in-gpg' : undefined;
  if (bytes.length >= 12 && head.slice(8, 12) === 'KBXf') return 'keybox';
  return 'not-a-key';
}
