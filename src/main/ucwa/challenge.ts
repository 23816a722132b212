/** What an `MsRtcOAuth` challenge offers: where to get a token and which grants it takes. */
export interface OAuthChallenge {
  tokenHref: string;
  grantTypes: string[];
}

/**
 * Finds the MsRtcOAuth challenge in one or more WWW-Authenticate values. Real servers send it
 * after a Bearer challenge, combined into one comma-joined value or as separate headers, with
 * `href` quoted or not (A12); grant types may repeat.
 */
export function parseMsRtcOAuthChallenge(
  values: string | readonly string[] | null | undefined,
): OAuthChallenge | undefined {
  const headers =
    values === null || values === undefined ? [] : typeof values === 'string' ? [values] : values;
  for (const header of headers) {
    const start = header.search(/(^|[\s,])MsRtcOAuth\s/i);
    if (start < 0) continue;
    const params = header.slice(start).replace(/^[\s,]*MsRtcOAuth\s+/i, '');
    const href = readParam(params, 'href')?.trim();
    // A URL never holds whitespace or quotes: anything else is a broken or hostile header.
    if (!href || /[\s"]/.test(href)) continue;
    const grants = (readParam(params, 'grant_type') ?? '')
      .split(',')
      .map((grant) => grant.trim())
      .filter(Boolean);
    return { tokenHref: href, grantTypes: [...new Set(grants)] };
  }
  return undefined;
}

function readParam(params: string, name: string): string | undefined {
  const quoted = new RegExp(`(?:^|[\\s,])${name}\\s*=\\s*"([^"]*)"`, 'i').exec(params);
  if (quoted) return quoted[1];
  const bare = new RegExp(`(?:^|[\\s,])${name}\\s*=\\s*([^\\s,"]+)`, 'i').exec(params);
  return bare?.[1];
}
