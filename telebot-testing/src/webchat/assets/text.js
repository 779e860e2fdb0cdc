// Formatted text: the server sends a message's text and entities as a tree of nodes
// (webchat/segments.rs); this turns it into elements. Text goes in as text nodes only.

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export const SAFE_LINK = /^(https?:|tg:|mailto:)/i;

export function link(href, className) {
  if (!SAFE_LINK.test(href)) return el('span', className);
  const a = el('a', className);
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

function entityElement(node) {
  const text = () => (node.children || []).map((c) => c.text || '').join('');
  switch (node.type) {
    case 'bold': return el('strong');
    case 'italic': return el('em');
    case 'underline': return el('u');
    case 'strikethrough': return el('s');
    case 'spoiler': {
      const span = el('span', 'spoiler');
      span.tabIndex = 0;
      span.setAttribute('role', 'button');
      span.setAttribute('aria-label', 'spoiler, press to reveal');
      const reveal = () => span.classList.add('revealed');
      span.addEventListener('click', reveal);
      span.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') reveal(); });
      return span;
    }
    case 'code': return el('code');
    case 'pre': {
      const pre = el('pre');
      if (node.language) pre.dataset.language = node.language;
      return pre;
    }
    case 'text_link': return link(node.url || '', 'link');
    case 'url': return link(/^[a-z]+:/i.test(text()) ? text() : 'https://' + text(), 'link');
    case 'email': return link('mailto:' + text(), 'link');
    case 'text_mention': {
      const span = el('span', 'mention');
      span.title = 'user ' + node.user_id;
      return span;
    }
    case 'mention': case 'hashtag': case 'cashtag': return el('span', node.type === 'mention' ? 'mention' : 'tag');
    case 'bot_command': {
      const a = el('a', 'command');
      a.href = '#';
      a.addEventListener('click', (e) => { e.preventDefault(); onCommand(text()); });
      return a;
    }
    case 'blockquote': return el('blockquote');
    case 'expandable_blockquote': {
      const quote = el('blockquote', 'expandable');
      quote.tabIndex = 0;
      quote.addEventListener('click', () => quote.classList.toggle('open'));
      return quote;
    }
    case 'custom_emoji': {
      const span = el('span', 'custom-emoji');
      span.title = 'custom emoji ' + (node.custom_emoji_id || '');
      return span;
    }
    default: return el('span', 'entity-' + String(node.type).replace(/[^a-z_]/g, ''));
  }
}

// What pressing a /command in a message does (set by the page).
let onCommand = () => {};

export function setCommandHandler(handler) {
  onCommand = handler;
}

// Appends the nodes to `parent`: text as text nodes, entities as elements around their
// children.
export function renderNodes(nodes, parent) {
  for (const node of nodes || []) {
    if (typeof node.text === 'string') {
      parent.appendChild(document.createTextNode(node.text));
    } else {
      const element = entityElement(node);
      renderNodes(node.children, element.tagName === 'PRE' ? element.appendChild(el('code')) : element);
      parent.appendChild(element);
    }
  }
  return parent;
}
