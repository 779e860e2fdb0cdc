// The web sandbox's page. It follows the fake Telegram's state through server-sent events and
// acts through POST /api/action and /api/upload. Everything that comes from the bot or users
// is put into the page with textContent or text nodes, never parsed as HTML.
import { el, renderNodes, setCommandHandler } from './text.js';
import { renderMessage, setup } from './messages.js';

const token = new URLSearchParams(location.search).get('t') || '';
const $ = (id) => document.getElementById(id);
const ui = {
  user: $('user'), chats: $('chats'), joinGroup: $('join-group'), membersBlock: $('members-block'),
  members: $('members'), leaveGroup: $('leave-group'), toggleBot: $('toggle-bot'), theme: $('theme'),
  status: $('status'), title: $('chat-title'), subtitle: $('chat-subtitle'), pinned: $('pinned-bar'),
  messages: $('messages'), typing: $('typing'), replyKeyboard: $('reply-keyboard'),
  menu: $('command-menu'), composer: $('composer'), input: $('input'), file: $('file'),
  keyboardToggle: $('keyboard-toggle'), toast: $('toast'), alert: $('alert'), alertText: $('alert-text'),
};

// What the page shows: the last view from the server, who is typing, which chat is open.
const page = {
  view: null,
  user: localStorage.getItem('webchat-user') || 'alice',
  chat: null, // a chat id; null means the user's private chat with the bot
  rendered: new Map(), // message id -> { key, el }
  renderedChat: null,
  votes: new Map(), // "chat:message" -> option indexes this page voted
  typingTimer: null,
  keyboardHidden: false,
  menuIndex: 0,
  chatPending: false, // true from choosing a chat until a view shows it
};

const withToken = (path) => path + (path.includes('?') ? '&' : '?') + 't=' + encodeURIComponent(token);

// ---- talking to the server ----

async function act(body) {
  try {
    const response = await fetch(withToken('/api/action'), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!answer.ok) toast(answer.error || 'That did not work', true);
    return answer;
  } catch (error) {
    toast('The sandbox is not reachable: ' + error, true);
    return { ok: false };
  }
}

async function upload(file) {
  const kind = /^image\/(png|jpeg|gif)$/.test(file.type) ? 'photo' : 'document';
  const query = new URLSearchParams({
    kind, user: page.user, chat: String(currentChatId()), name: file.name, caption: ui.input.value.trim(),
  });
  try {
    const response = await fetch(withToken('/api/upload?' + query), { method: 'POST', body: file });
    const answer = await response.json();
    if (!answer.ok) toast(answer.error || 'The upload failed', true);
    else ui.input.value = '';
  } catch (error) {
    toast('The upload failed: ' + error, true);
  }
}

function connect() {
  const events = new EventSource(withToken('/api/events'));
  events.onopen = () => { ui.status.textContent = 'connected'; };
  events.onerror = () => { ui.status.textContent = 'reconnecting…'; };
  events.onmessage = (event) => {
    try {
      page.view = JSON.parse(event.data);
    } catch (error) {
      return;
    }
    render();
  };
}

// ---- notifications ----

let toastTimer = null;
function toast(text, isError) {
  ui.toast.textContent = text;
  ui.toast.classList.toggle('error', Boolean(isError));
  ui.toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { ui.toast.hidden = true; }, isError ? 5000 : 3000);
}

function showAlert(text) {
  ui.alertText.textContent = text;
  if (typeof ui.alert.showModal === 'function') ui.alert.showModal();
  else ui.alert.setAttribute('open', '');
  $('alert-ok').focus();
}
$('alert-ok').addEventListener('click', () => ui.alert.close());

// ---- messages ----

function currentChatId() {
  if (page.chat !== null) return page.chat;
  const me = (page.view && page.view.users.find((u) => u.name === page.user)) || null;
  return me ? me.id : null;
}

function currentChat() {
  if (!page.view) return null;
  const id = currentChatId();
  return page.view.chats.find((c) => c.id === id) || null;
}

function myId() {
  const me = page.view && page.view.users.find((u) => u.name === page.user);
  return me ? me.id : null;
}

function fileUrl(fileId) {
  return withToken('/api/file/' + encodeURIComponent(fileId));
}

setup({
  act, toast, showAlert, myId, fileUrl,
  user: () => page.user,
  votes: page.votes,
  rerender: (messageId) => rerender(messageId),
});
setCommandHandler((command) => sendText(command));

function rerender(messageId) {
  const entry = page.rendered.get(messageId);
  if (entry) entry.key = '';
  render();
}

function renderMessages(chat) {
  const list = ui.messages;
  if (page.renderedChat !== chat.id) {
    list.replaceChildren();
    page.rendered.clear();
    page.renderedChat = chat.id;
  }
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const seen = new Set();
  let previous = null;
  if (chat.messages.length === 0) {
    const intro = el('div', 'intro');
    intro.appendChild(el('strong', null, 'What can this bot do?'));
    intro.appendChild(el('div', 'about', page.view.bot.description || page.view.bot.short_description || 'Say hello to the bot.'));
    const start = el('button', null, 'Start');
    start.type = 'button';
    start.id = 'start-button';
    start.addEventListener('click', () => sendText('/start'));
    intro.appendChild(start);
    list.replaceChildren(intro);
    page.rendered.clear();
    return;
  }
  const intro = list.querySelector('.intro');
  if (intro) intro.remove();
  for (const message of chat.messages) {
    const key = JSON.stringify(message) + '|' + page.user;
    seen.add(message.id);
    let entry = page.rendered.get(message.id);
    if (!entry || entry.key !== key) {
      const fresh = renderMessage(chat, message);
      if (entry) {
        entry.el.replaceWith(fresh);
        if (message.version > 0) fresh.classList.add('flash');
      }
      entry = { key, el: fresh };
      page.rendered.set(message.id, entry);
    }
    const expected = previous ? previous.nextSibling : list.firstChild;
    if (expected !== entry.el) list.insertBefore(entry.el, expected);
    previous = entry.el;
  }
  for (const [id, entry] of page.rendered) {
    if (!seen.has(id)) {
      entry.el.remove();
      page.rendered.delete(id);
    }
  }
  if (nearBottom) list.scrollTop = list.scrollHeight;
}

const ACTIONS = {
  typing: 'typing…', upload_photo: 'sending a photo…', record_video: 'recording a video…',
  upload_video: 'sending a video…', record_voice: 'recording a voice message…',
  upload_voice: 'sending a voice message…', upload_document: 'sending a file…',
  choose_sticker: 'choosing a sticker…', find_location: 'finding a location…',
  record_video_note: 'recording a video message…', upload_video_note: 'sending a video message…',
};

function renderTyping(chat) {
  clearTimeout(page.typingTimer);
  if (!chat.action) {
    ui.typing.hidden = true;
    return;
  }
  ui.typing.textContent = page.view.bot.name + ' is ' + (ACTIONS[chat.action.action] || chat.action.action + '…');
  ui.typing.hidden = false;
  page.typingTimer = setTimeout(() => { ui.typing.hidden = true; }, chat.action.remaining_ms);
}

function renderReplyKeyboard(chat) {
  const keyboard = chat.keyboard;
  ui.keyboardToggle.hidden = !keyboard;
  ui.input.placeholder = (keyboard && keyboard.placeholder) || 'Message';
  if (!keyboard || page.keyboardHidden) {
    ui.replyKeyboard.hidden = true;
    return;
  }
  ui.replyKeyboard.replaceChildren();
  for (const row of keyboard.rows) {
    const line = el('div', 'kb-row');
    for (const button of row) {
      const node = el('button', 'reply-btn', button.text);
      node.type = 'button';
      node.addEventListener('click', () => {
        if (button.kind === 'location') toggleForm('location-form');
        else if (button.kind === 'contact') shareContact();
        else sendText(button.text);
      });
      line.appendChild(node);
    }
    ui.replyKeyboard.appendChild(line);
  }
  ui.replyKeyboard.hidden = false;
}

function renderSide(chat) {
  const users = page.view.users;
  const names = users.map((u) => u.name);
  if (ui.user.dataset.names !== names.join('\n') || ui.user.value !== page.user) {
    ui.user.replaceChildren(...users.map((u) => {
      const option = el('option', null, u.name);
      option.value = u.name;
      return option;
    }));
    ui.user.dataset.names = names.join('\n');
    ui.user.value = page.user;
  }
  const me = myId();
  const chats = page.view.chats.filter((c) => (c.kind === 'private' && c.id === me) || (c.kind !== 'private'));
  ui.chats.replaceChildren(...chats.map((c) => {
    const item = el('li');
    const button = el('button', null, c.kind === 'private' ? page.view.bot.name + ' (private)' : c.title);
    button.type = 'button';
    button.dataset.chat = c.id;
    button.setAttribute('aria-current', String(c.id === chat.id));
    button.addEventListener('click', () => selectChat(c.kind === 'private' ? null : c.id));
    item.appendChild(button);
    return item;
  }));
  const inGroup = page.view.chats.some((c) => c.kind !== 'private' && c.members.some((m) => m.id === me && ['creator', 'administrator', 'member', 'restricted'].includes(m.status)));
  ui.joinGroup.hidden = inGroup;
  ui.membersBlock.hidden = chat.kind === 'private';
  if (chat.kind !== 'private') {
    ui.members.replaceChildren(...chat.members.map((m) => {
      const item = el('li', null, m.name + (m.is_bot ? ' (bot)' : ''));
      item.appendChild(el('span', 'status', m.status));
      return item;
    }));
    const present = chat.members.some((m) => m.id === me && !['left', 'kicked'].includes(m.status));
    ui.leaveGroup.textContent = present ? 'Leave' : 'Join';
    ui.toggleBot.textContent = ['left', 'kicked'].includes(chat.bot_status) ? 'Add the bot' : 'Remove the bot';
    ui.toggleBot.disabled = !present;
  }
}

function render() {
  const view = page.view;
  if (!view) return;
  if (!view.users.some((u) => u.name === page.user) && view.users.length) page.user = view.users[0].name;
  let chat = currentChat();
  if (!chat && page.chatPending) return; // a chat just joined: the next view has it
  if (!chat) {
    page.chat = null;
    chat = currentChat();
    if (!chat) return;
  }
  page.chatPending = false;
  document.title = view.bot.name + ' · telebot sandbox';
  ui.title.textContent = chat.kind === 'private' ? view.bot.name : chat.title;
  ui.subtitle.textContent = chat.kind === 'private'
    ? '@' + view.bot.username + (view.bot.short_description ? ' · ' + view.bot.short_description : '') + ' · you are ' + page.user
    : chat.members.filter((m) => !['left', 'kicked'].includes(m.status)).length + ' members · you are ' + page.user;
  renderSide(chat);
  renderMessages(chat);
  renderTyping(chat);
  renderReplyKeyboard(chat);
  const pinnedId = chat.pinned[chat.pinned.length - 1];
  const pinned = chat.messages.find((m) => m.id === pinnedId);
  ui.pinned.hidden = !pinned;
  if (pinned) {
    const preview = pinned.nodes ? renderNodes(pinned.nodes, el('span')).textContent : pinned.media ? pinned.media.kind : 'message';
    ui.pinned.textContent = '📌 ' + preview.slice(0, 100);
    ui.pinned.onclick = () => {
      const entry = page.rendered.get(pinned.id);
      if (entry) entry.el.scrollIntoView({ block: 'center' });
    };
  }
  updateMenu();
}

function selectChat(id) {
  page.chat = id;
  page.chatPending = id !== null;
  page.keyboardHidden = false;
  $('side').classList.remove('open');
  render();
  ui.input.focus();
}

// ---- composing ----

async function sendText(text) {
  const chat = currentChatId();
  if (!text.trim() || chat === null) return;
  const answer = await act({ type: 'send', user: page.user, chat, text });
  if (answer.ok && page.view) {
    const current = currentChat();
    if (current && current.keyboard && current.keyboard.one_time) page.keyboardHidden = false;
  }
  return answer;
}

ui.composer.addEventListener('submit', async (event) => {
  event.preventDefault();
  const selected = ui.menu.hidden ? null : ui.menu.querySelector('[aria-selected="true"]');
  if (selected && ui.input.value.trim() !== selected.dataset.command) {
    ui.input.value = selected.dataset.command;
  }
  const text = ui.input.value;
  if (!text.trim()) return;
  ui.input.value = '';
  updateMenu();
  await sendText(text);
});

ui.input.addEventListener('keydown', (event) => {
  const items = [...ui.menu.querySelectorAll('.command-item')];
  if (!ui.menu.hidden && items.length && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
    event.preventDefault();
    page.menuIndex = (page.menuIndex + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
    updateMenu();
  } else if (!ui.menu.hidden && event.key === 'Tab' && items.length) {
    event.preventDefault();
    ui.input.value = items[page.menuIndex].dataset.command + ' ';
    updateMenu();
  } else if (event.key === 'Escape') {
    ui.menu.hidden = true;
  } else if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    ui.composer.requestSubmit();
  }
});
ui.input.addEventListener('input', () => { page.menuIndex = 0; updateMenu(); });

function commands() {
  const chat = currentChat();
  return (chat && chat.commands) || [];
}

function updateMenu(forced) {
  const value = ui.input.value;
  const typing = /^\/\S*$/.test(value);
  if (!typing && !forced) {
    ui.menu.hidden = true;
    return;
  }
  const prefix = typing ? value.slice(1).toLowerCase() : '';
  const matching = commands().filter((c) => c.command.startsWith(prefix));
  if (!matching.length) {
    ui.menu.hidden = true;
    return;
  }
  page.menuIndex = Math.min(page.menuIndex, matching.length - 1);
  ui.menu.replaceChildren(...matching.map((c, index) => {
    const item = el('button', 'command-item');
    item.type = 'button';
    item.setAttribute('role', 'option');
    item.setAttribute('aria-selected', String(index === page.menuIndex));
    item.dataset.command = '/' + c.command;
    item.appendChild(el('span', 'command-name', '/' + c.command));
    item.appendChild(el('span', 'command-description', c.description));
    item.addEventListener('click', () => {
      ui.input.value = '';
      ui.menu.hidden = true;
      sendText('/' + c.command);
      ui.input.focus();
    });
    return item;
  }));
  ui.menu.hidden = false;
}

$('menu-button').addEventListener('click', () => {
  if (ui.menu.hidden) {
    if (!ui.input.value) ui.input.value = '/';
    updateMenu(true);
    if (ui.menu.hidden) toast('The bot has not set any commands (setMyCommands)');
  } else {
    ui.menu.hidden = true;
  }
  ui.input.focus();
});

ui.file.addEventListener('change', async () => {
  const file = ui.file.files && ui.file.files[0];
  if (file) await upload(file);
  ui.file.value = '';
});

function toggleForm(id) {
  for (const other of ['location-form', 'contact-form']) if (other !== id) $(other).hidden = true;
  const form = $(id);
  form.hidden = !form.hidden;
  if (!form.hidden) form.querySelector('input').focus();
}

async function shareContact() {
  const chat = currentChatId();
  const answer = await act({ type: 'contact', user: page.user, chat, phone_number: $('phone').value });
  if (answer.ok) $('contact-form').hidden = true;
}

$('share-location').addEventListener('click', () => toggleForm('location-form'));
$('share-contact').addEventListener('click', () => toggleForm('contact-form'));
$('location-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const latitude = Number.parseFloat($('latitude').value);
  const longitude = Number.parseFloat($('longitude').value);
  if (Number.isNaN(latitude) || Number.isNaN(longitude)) {
    toast('A location is two numbers', true);
    return;
  }
  const answer = await act({ type: 'location', user: page.user, chat: currentChatId(), latitude, longitude });
  if (answer.ok) $('location-form').hidden = true;
});
$('contact-form').addEventListener('submit', (event) => { event.preventDefault(); shareContact(); });

ui.keyboardToggle.addEventListener('click', () => {
  page.keyboardHidden = !page.keyboardHidden;
  render();
});

// ---- users, groups, theme ----

ui.user.addEventListener('change', () => {
  page.user = ui.user.value;
  localStorage.setItem('webchat-user', page.user);
  if (page.chat === null) page.renderedChat = null;
  render();
});

$('add-user-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = $('new-user-name').value.trim();
  if (!name) return;
  const answer = await act({ type: 'user', name });
  if (answer.ok) {
    page.user = name;
    localStorage.setItem('webchat-user', name);
    $('new-user-name').value = '';
    page.chat = null;
    page.renderedChat = null;
  }
});

ui.joinGroup.addEventListener('click', async () => {
  const answer = await act({ type: 'join', user: page.user });
  if (answer.ok) selectChat(answer.chat);
});

ui.leaveGroup.addEventListener('click', async () => {
  const chat = currentChat();
  if (!chat || chat.kind === 'private') return;
  const me = myId();
  const present = chat.members.some((m) => m.id === me && !['left', 'kicked'].includes(m.status));
  await act(present ? { type: 'leave', user: page.user, chat: chat.id } : { type: 'join', user: page.user });
});

ui.toggleBot.addEventListener('click', async () => {
  const chat = currentChat();
  if (!chat || chat.kind === 'private') return;
  const away = ['left', 'kicked'].includes(chat.bot_status);
  await act({ type: away ? 'add_bot' : 'remove_bot', user: page.user, chat: chat.id });
});

$('side-toggle').addEventListener('click', () => $('side').classList.toggle('open'));

function applyTheme(theme) {
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}
applyTheme(localStorage.getItem('webchat-theme'));
ui.theme.addEventListener('click', () => {
  const dark = document.documentElement.dataset.theme
    ? document.documentElement.dataset.theme === 'dark'
    : window.matchMedia('(prefers-color-scheme: dark)').matches;
  const next = dark ? 'light' : 'dark';
  localStorage.setItem('webchat-theme', next);
  applyTheme(next);
});

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    $('side').classList.remove('open');
    ui.menu.hidden = true;
  }
});

connect();
