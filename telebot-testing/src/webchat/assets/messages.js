// One message as elements: media, polls, invoices, locations, contacts, formatted text,
// reactions and its inline keyboard. What it does when pressed goes through the page's
// context (`setup`).

import { SAFE_LINK, el, link, renderNodes } from './text.js';

// The page's side: act(body), toast(text, isError), showAlert(text), user(), myId(),
// fileUrl(fileId), rerender(messageId), votes (a Map).
let ctx = null;

export function setup(context) {
  ctx = context;
}

function renderMedia(media) {
  const box = el('div', 'media');
  switch (media.kind) {
    case 'photo': {
      const img = el('img');
      img.src = ctx.fileUrl(media.file_id);
      img.alt = 'photo ' + media.width + '×' + media.height;
      box.appendChild(img);
      break;
    }
    case 'sticker': box.appendChild(renderSticker(media)); break;
    case 'voice': case 'audio': {
      const audio = el('audio');
      audio.controls = true;
      audio.src = ctx.fileUrl(media.file_id);
      box.appendChild(el('div', null, media.kind === 'voice' ? '🎤 voice message' : '🎵 ' + (media.file_name || 'audio')));
      box.appendChild(audio);
      break;
    }
    case 'video': case 'animation': case 'video_note': {
      const video = el('video');
      video.controls = true;
      video.muted = media.kind === 'animation';
      video.src = ctx.fileUrl(media.file_id);
      box.appendChild(video);
      break;
    }
    default: {
      const a = el('a', 'file');
      a.href = ctx.fileUrl(media.file_id);
      a.setAttribute('download', media.file_name || 'file');
      a.appendChild(el('span', null, '📄'));
      a.appendChild(el('span', null, media.file_name || 'file'));
      if (media.file_size) a.appendChild(el('span', 'muted', '(' + formatSize(media.file_size) + ')'));
      box.appendChild(a);
    }
  }
  return box;
}

// A sticker as its image (a still WebP) or its video (WebM); an animated (Lottie) sticker, or
// one whose file does not load, as its emoji.
function renderSticker(media) {
  const emoji = () => el('div', 'sticker', media.emoji || '🖼');
  if (media.is_animated) return emoji();
  const image = el(media.is_video ? 'video' : 'img', 'sticker');
  if (media.is_video) {
    image.autoplay = true;
    image.loop = true;
    image.muted = true;
  } else {
    image.alt = media.emoji || 'sticker';
  }
  image.title = media.emoji || 'sticker';
  image.addEventListener('error', () => image.replaceWith(emoji()));
  image.src = ctx.fileUrl(media.file_id);
  return image;
}

function formatSize(bytes) {
  if (bytes >= 1048576) return (bytes / 1048576).toFixed(1) + ' MB';
  if (bytes >= 1024) return (bytes / 1024).toFixed(1) + ' KB';
  return bytes + ' B';
}

function formatAmount(amount, currency) {
  return (amount / 100).toFixed(2) + ' ' + currency;
}

function renderPoll(chat, message) {
  const poll = message.poll;
  const box = el('div', 'poll');
  box.appendChild(el('div', 'question', poll.question));
  const kind = (poll.is_anonymous ? 'Anonymous ' : '') + (poll.type === 'quiz' ? 'quiz' : 'poll') + (poll.is_closed ? ' · closed' : '');
  box.appendChild(el('div', 'kind', kind));
  const key = chat.id + ':' + message.id;
  const voted = ctx.votes.get(key);
  const total = poll.total_voter_count || 0;
  (poll.options || []).forEach((option, index) => {
    const button = el('button', 'poll-option');
    button.type = 'button';
    button.appendChild(el('span', null, option.text));
    if (voted || poll.is_closed) {
      const share = total ? Math.round((option.voter_count || 0) * 100 / total) : 0;
      button.appendChild(el('span', 'muted', share + '% · ' + (option.voter_count || 0)));
      if (voted && voted.includes(index)) button.classList.add('chosen');
      if (poll.type === 'quiz' && poll.correct_option_id === index) button.classList.add('correct');
    }
    button.disabled = Boolean(voted) || poll.is_closed;
    button.addEventListener('click', async () => {
      const answer = await ctx.act({ type: 'vote', user: ctx.user(), chat: chat.id, message: message.id, options: [index] });
      if (answer.ok) {
        ctx.votes.set(key, [index]);
        ctx.rerender(message.id);
      }
    });
    box.appendChild(button);
  });
  box.appendChild(el('div', 'kind', total + (total === 1 ? ' vote' : ' votes')));
  return box;
}

function pay(chat, message) {
  return ctx.act({ type: 'pay', user: ctx.user(), chat: chat.id, message: message.id }).then((answer) => {
    if (answer.ok) ctx.toast('Payment sent');
  });
}

async function press(chat, message, row, col) {
  const answer = await ctx.act({ type: 'press', user: ctx.user(), chat: chat.id, message: message.id, row, col });
  if (!answer.ok) return;
  const reply = answer.answer;
  if (!reply) {
    ctx.toast('The bot did not answer the button press');
  } else if (reply.text && reply.show_alert) {
    ctx.showAlert(reply.text);
  } else if (reply.text) {
    ctx.toast(reply.text);
  }
  if (reply && reply.url && SAFE_LINK.test(reply.url)) window.open(reply.url, '_blank', 'noopener,noreferrer');
}

function renderInlineKeyboard(chat, message) {
  const keyboard = el('div', 'inline-keyboard');
  message.inline_keyboard.forEach((row, r) => {
    const line = el('div', 'kb-row');
    row.forEach((button, c) => {
      let node;
      if (button.kind === 'url') {
        node = link(button.url || '', 'kb-btn');
        node.textContent = button.text;
      } else {
        node = el('button', 'kb-btn', button.text);
        node.type = 'button';
        if (button.kind === 'pay') node.addEventListener('click', () => pay(chat, message));
        else if (button.kind === 'callback') node.addEventListener('click', () => press(chat, message, r, c));
        else node.addEventListener('click', () => ctx.toast('The sandbox does not support this kind of button'));
      }
      line.appendChild(node);
    });
    keyboard.appendChild(line);
  });
  return keyboard;
}

export function renderMessage(chat, message) {
  if (message.service) {
    const service = el('div', 'service', message.service);
    service.dataset.id = message.id;
    return service;
  }
  const mine = message.from && message.from.id === ctx.myId();
  const box = el('div', 'msg ' + (message.from_bot ? 'bot' : mine ? 'mine user' : 'other user'));
  box.dataset.id = message.id;
  if (chat.kind !== 'private' && !mine && message.from) box.appendChild(el('div', 'author', message.from.name));
  if (message.reply_to) box.appendChild(el('div', 'reply-to', message.reply_to.preview));
  if (message.media) box.appendChild(renderMedia(message.media));
  if (message.location) {
    const loc = message.location;
    const a = link('https://www.openstreetmap.org/?mlat=' + loc.latitude + '&mlon=' + loc.longitude, 'location');
    a.textContent = '📍 ' + loc.latitude + ', ' + loc.longitude;
    box.appendChild(a);
  }
  if (message.contact) {
    const contact = message.contact;
    box.appendChild(el('div', 'contact', '👤 ' + [contact.first_name, contact.last_name].filter(Boolean).join(' ') + ' · ' + contact.phone_number));
  }
  if (message.dice) box.appendChild(el('div', 'dice', (message.dice.emoji || '🎲') + ' ' + message.dice.value));
  if (message.poll) box.appendChild(renderPoll(chat, message));
  if (message.invoice) {
    const invoice = el('div', 'invoice');
    invoice.appendChild(el('div', 'question', message.invoice.title));
    invoice.appendChild(el('div', null, message.invoice.description));
    invoice.appendChild(el('div', 'price', formatAmount(message.invoice.total_amount, message.invoice.currency)));
    if (!message.inline_keyboard) {
      const button = el('button', 'pay', 'Pay ' + formatAmount(message.invoice.total_amount, message.invoice.currency));
      button.type = 'button';
      button.addEventListener('click', () => pay(chat, message));
      invoice.appendChild(button);
    }
    box.appendChild(invoice);
  }
  if (message.nodes) box.appendChild(renderNodes(message.nodes, el('div', 'text')));
  if (message.reactions) {
    const reactions = el('div', 'reactions');
    for (const [emoji, count] of Object.entries(message.reactions)) reactions.appendChild(el('span', null, emoji + ' ' + count));
    box.appendChild(reactions);
  }
  const meta = el('div', 'meta');
  if (message.pinned) meta.appendChild(el('span', null, '📌'));
  if (message.edited) meta.appendChild(el('span', 'edited', 'edited'));
  if (message.date) meta.appendChild(el('span', null, new Date(message.date * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
  const react = el('button', 'react', '👍');
  react.type = 'button';
  react.setAttribute('aria-label', 'React with a thumbs up');
  react.addEventListener('click', () => ctx.act({ type: 'react', user: ctx.user(), chat: chat.id, message: message.id, emoji: '👍' }));
  meta.appendChild(react);
  box.appendChild(meta);
  if (message.inline_keyboard) box.appendChild(renderInlineKeyboard(chat, message));
  return box;
}
