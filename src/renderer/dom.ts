/**
 * The only way the UI makes elements: text goes in as text nodes, attributes through
 * setAttribute, handlers through addEventListener. No innerHTML anywhere, so a server string
 * like `<img src=x onerror=alert(1)>` is shown as exactly those characters.
 */
type Child = Node | string | false | null | undefined;

export interface ElementOptions {
  class?: string;
  attrs?: Record<string, string | boolean | undefined>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.class) element.className = options.class;
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    if (name.startsWith('on')) throw new Error('event handlers go in "on", never in attributes');
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  for (const [name, handler] of Object.entries(options.on ?? {}))
    element.addEventListener(name, handler as EventListener);
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

let idCounter = 0;
export function uniqueId(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** A labelled form field. */
export function field(
  label: string,
  input: HTMLInputElement | HTMLSelectElement,
  hint?: string,
): HTMLElement {
  const id = input.id || uniqueId('field');
  input.id = id;
  const hintId = hint ? `${id}-hint` : undefined;
  if (hintId) input.setAttribute('aria-describedby', hintId);
  return el(
    'div',
    { class: 'field' },
    el('label', { attrs: { for: id } }, label),
    input,
    hint ? el('p', { class: 'hint', attrs: { id: hintId } }, hint) : null,
  );
}

export function checkbox(
  label: string,
  checked: boolean,
  onChange: (checked: boolean) => void,
  disabled = false,
): HTMLElement {
  const input = el('input', { attrs: { type: 'checkbox', id: uniqueId('check'), disabled } });
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  return el('div', { class: 'check' }, input, el('label', { attrs: { for: input.id } }, label));
}

/**
 * Makes a list show `items` while keeping the elements of items that did not change (by key), so
 * an update never takes the keyboard focus away from a button that is still there.
 */
export function syncList<T>(
  list: HTMLElement,
  items: readonly T[],
  key: (item: T) => string,
  make: (item: T) => HTMLElement,
): void {
  const existing = new Map<string, Element>();
  for (const child of [...list.children]) {
    const childKey = child.getAttribute('data-key');
    if (childKey !== null) existing.set(childKey, child);
  }
  const next = items.map((item) => {
    const itemKey = key(item);
    const kept = existing.get(itemKey);
    if (kept) return kept;
    const made = make(item);
    made.setAttribute('data-key', itemKey);
    return made;
  });
  // Only touch the DOM when the order or membership changed.
  const same =
    next.length === list.children.length && next.every((node, index) => list.children[index] === node);
  if (!same) {
    for (const child of [...list.children]) if (!next.includes(child)) child.remove();
    next.forEach((node, index) => {
      if (list.children[index] !== node) list.insertBefore(node, list.children[index] ?? null);
    });
  }
}
