// The web sandbox's page. It follows the fake Telegram's state through server-sent events and
// acts through POST /api/action and /api/upload. Everything that comes from the bot or users
// is put into the page with textContent or text nodes, never parsed as HTML.
'use strict';

(() => {
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

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

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

  // ---- formatted text: the server sends entities as a tree of nodes ----

  const SAFE_LINK = /^(https?:|tg:|mailto:)/i;

  function link(href, className) {
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
        a.addEventListener('click', (e) => { e.preventDefault(); sendText(text()); });
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

  // Appends the nodes to `parent`: text as text nodes, entities as elements around their
  // children. Exposed for the browser tests.
  function renderNodes(nodes, parent) {
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
  window.webchat = { renderNodes };

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

  function renderMedia(media) {
    const box = el('div', 'media');
    switch (media.kind) {
      case 'photo': {
        const img = el('img');
        img.src = fileUrl(media.file_id);
        img.alt = 'photo ' + media.width + '×' + media.height;
        box.appendChild(img);
        break;
      }
      case 'sticker': box.appendChild(el('div', 'sticker', media.emoji || '🖼')); break;
      case 'voice': case 'audio': {
        const audio = el('audio');
        audio.controls = true;
        audio.src = fileUrl(media.file_id);
        box.appendChild(el('div', null, media.kind === 'voice' ? '🎤 voice message' : '🎵 ' + (media.file_name || 'audio')));
        box.appendChild(audio);
        break;
      }
      case 'video': case 'animation': case 'video_note': {
        const video = el('video');
        video.controls = true;
        video.muted = media.kind === 'animation';
        video.src = fileUrl(media.file_id);
        box.appendChild(video);
        break;
      }
      default: {
        const a = el('a', 'file');
        a.href = fileUrl(media.file_id);
        a.setAttribute('download', media.file_name || 'file');
        a.appendChild(el('span', null, '📄'));
        a.appendChild(el('span', null, media.file_name || 'file'));
        if (media.file_size) a.appendChild(el('span', 'muted', '(' + formatSize(media.file_size) + ')'));
        box.appendChild(a);
      }
    }
    return box;
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
    const voted = page.votes.get(key);
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
        const answer = await act({ type: 'vote', user: page.user, chat: chat.id, message: message.id, options: [index] });
        if (answer.ok) {
          page.votes.set(key, [index]);
          rerender(message.id);
        }
      });
      box.appendChild(button);
    });
    box.appendChild(el('div', 'kind', total + (total === 1 ? ' vote' : ' votes')));
    return box;
  }

  function pay(chat, message) {
    return act({ type: 'pay', user: page.user, chat: chat.id, message: message.id }).then((answer) => {
      if (answer.ok) toast('Payment sent');
    });
  }

  async function press(chat, message, row, col) {
    const answer = await act({ type: 'press', user: page.user, chat: chat.id, message: message.id, row, col });
    if (!answer.ok) return;
    const reply = answer.answer;
    if (!reply) {
      toast('The bot did not answer the button press');
    } else if (reply.text && reply.show_alert) {
      showAlert(reply.text);
    } else if (reply.text) {
      toast(reply.text);
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
          else node.addEventListener('click', () => toast('The sandbox does not support this kind of button'));
        }
        line.appendChild(node);
      });
      keyboard.appendChild(line);
    });
    return keyboard;
  }

  function renderMessage(chat, message) {
    if (message.service) {
      const service = el('div', 'service', message.service);
      service.dataset.id = message.id;
      return service;
    }
    const mine = message.from && message.from.id === myId();
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
    react.addEventListener('click', () => act({ type: 'react', user: page.user, chat: chat.id, message: message.id, emoji: '👍' }));
    meta.appendChild(react);
    box.appendChild(meta);
    if (message.inline_keyboard) box.appendChild(renderInlineKeyboard(chat, message));
    return box;
  }

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
})();
