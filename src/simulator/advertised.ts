/**
 * Remembers every URL the server has handed out (hrefs in bodies, `Location`, the challenge's
 * token `href`) so tests can prove a client followed links and never built a URL (Hypermedia.md).
 */
export class AdvertisedUrls {
  private readonly byPath = new Map<string, Array<URLSearchParams>>();
  public readonly violations: string[] = [];

  public clear(): void {
    this.byPath.clear();
  }

  public add(href: string, base: string): void {
    let url: URL;
    try {
      url = new URL(href, base);
    } catch {
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    const key = url.origin + url.pathname;
    const list = this.byPath.get(key) ?? [];
    if (list.length < 64) list.push(url.searchParams);
    this.byPath.set(key, list);
  }

  public collect(value: unknown, base: string): void {
    if (Array.isArray(value)) {
      for (const item of value) this.collect(item, base);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, item] of Object.entries(value)) {
      if (key === 'href' && typeof item === 'string') this.add(item, base);
      else if (key === 'joinUrl' && typeof item === 'string') this.add(item, base);
      else this.collect(item, base);
    }
  }

  public fromChallenge(value: string | string[], base: string): void {
    for (const header of Array.isArray(value) ? value : [value]) {
      for (const match of header.matchAll(/href="?([^",\s]+)"?/g)) if (match[1]) this.add(match[1], base);
    }
  }

  /**
   * A request is allowed when its path was advertised and it keeps every query parameter the
   * server put in that link (clients may add their own, e.g. `timeout` or `query`).
   */
  public allows(url: URL): boolean {
    const list = this.byPath.get(url.origin + url.pathname);
    if (!list) return false;
    return list.some((params) => [...params].every(([key, value]) => url.searchParams.get(key) === value));
  }
}
