#!/usr/bin/env python3
"""Writes getupdates_100.json: one getUpdates response with 100 updates, as a busy
group bot would receive them. Deterministic (fixed seed); run from any directory.
Used by the decoding benchmark. Validate the result against the spec after editing."""
import json, os, random, string

rng = random.Random(1010)
B64 = string.ascii_letters + string.digits + '-_'

def noise(n): return ''.join(rng.choice(B64) for _ in range(n))
def u16(s): return len(s.encode('utf-16-le')) // 2
def ent(text, kind, sub, **kw):
    i = text.index(sub)
    return dict({'offset': u16(text[:i]), 'length': u16(sub), 'type': kind}, **kw)

USERS = [
    {'id': 318462957, 'is_bot': False, 'first_name': 'Anna', 'last_name': 'Kowalska', 'username': 'anna_kow', 'language_code': 'pl'},
    {'id': 5120387741, 'is_bot': False, 'first_name': 'Дмитрий', 'username': 'dvolkov', 'language_code': 'ru', 'is_premium': True},
    {'id': 6678123409, 'is_bot': False, 'first_name': '伟', 'last_name': '李', 'language_code': 'zh-hans'},
    {'id': 1043788215, 'is_bot': False, 'first_name': 'María', 'username': 'mariagl', 'language_code': 'es'},
    {'id': 7788001234, 'is_bot': False, 'first_name': 'Olumide', 'last_name': 'Adeyemi', 'username': 'olu_dev', 'language_code': 'en'},
    {'id': 2093174655, 'is_bot': False, 'first_name': 'ゆき', 'username': 'yuki_tanaka', 'language_code': 'ja'},
    {'id': 6032158877, 'is_bot': False, 'first_name': 'Priya 🌸', 'username': 'priya_codes', 'language_code': 'en'},
    {'id': 1456790023, 'is_bot': False, 'first_name': 'كريم', 'language_code': 'ar'},
]
BOT = {'id': 7312459087, 'is_bot': True, 'first_name': 'Orbit Helper', 'username': 'orbit_helper_bot'}
GROUPS = [
    {'id': -1001876543210, 'title': 'Rust Learners 🦀', 'username': 'rust_learners', 'type': 'supergroup'},
    {'id': -1002589034417, 'title': 'Семья 👨‍👩‍👧', 'type': 'supergroup'},
    {'id': -4561237891, 'title': 'Board games Thursday 🎲', 'type': 'group'},
]
TEXTS = [
    'Good morning everyone ☀️', 'Кто-нибудь пробовал новый tokio?', '有人知道怎么配置 clippy 吗？',
    '¿Alguien va al meetup del jueves?', 'lol 😂😂', 'I think the issue is the lifetime of `buf`',
    'ありがとうございます！🙏', 'Check https://docs.rs/serde please', '+1', 'شكراً جزيلاً 🌹',
    'Can someone review my PR? #help', 'The build takes 4 minutes on CI 🐢', 'ok 👍', 'Dzięki, działa! 🎉',
]
COMMANDS = ['/help', '/stats', '/remind 18:00 call mom', '/weather Berlin', '/poll@orbit_helper_bot Pizza or sushi?']
EMOJI = ['👍', '❤', '🔥', '😁', '🎉', '🤔', '👏', '🙏']

state = {'date': 1781323200, 'msg': {g['id']: 5000 + 700 * i for i, g in enumerate(GROUPS)}, 'sent': []}

def base(chat, user):
    state['date'] += rng.randint(2, 40)
    state['msg'][chat['id']] += 1
    return {'message_id': state['msg'][chat['id']], 'from': user, 'chat': chat, 'date': state['date']}

def text_message(chat, user):
    m = base(chat, user)
    t = rng.choice(TEXTS)
    m['text'] = t
    ents = []
    if '`' in t: ents.append(ent(t, 'code', t[t.index('`'):t.rindex('`') + 1]))
    if 'https://' in t: ents.append(ent(t, 'url', t.split()[1]))
    if '#' in t: ents.append(ent(t, 'hashtag', '#help'))
    if ents: m['entities'] = ents
    if state['sent'] and rng.random() < 0.3:
        prev = rng.choice([s for s in state['sent'] if s['chat']['id'] == chat['id']] or [None])
        if prev: m['reply_to_message'] = {k: v for k, v in prev.items() if k != 'reply_to_message'}
    state['sent'].append(m)
    return m

def command(chat, user):
    m = base(chat, user)
    t = rng.choice(COMMANDS)
    m['text'] = t
    m['entities'] = [ent(t, 'bot_command', t.split()[0])]
    return m

def photo(chat, user):
    m = base(chat, user)
    uid = 'AQAD' + noise(11)
    m['photo'] = [{'file_id': 'AgACAgIAAxkBAAI' + noise(56), 'file_unique_id': uid + s, 'file_size': fs, 'width': w, 'height': h}
                  for s, fs, w, h in (('x', 1482, 90, 67), ('y', 20544, 320, 240), ('m', 89123, 800, 600), ('w', 201877, 1280, 960))]
    if rng.random() < 0.5:
        m['caption'] = rng.choice(['Наш ужин 🍝', 'Whiteboard from today', '猫 🐱'])
    return m

def sticker(chat, user):
    m = base(chat, user)
    m['sticker'] = {'width': 512, 'height': 512, 'emoji': rng.choice(['😂', '👍', '😭']), 'set_name': 'HotCherry',
                    'is_animated': True, 'is_video': False, 'type': 'regular', 'file_id': 'CAACAgIAAxkBAAI' + noise(52),
                    'file_unique_id': 'AgAD' + noise(12), 'file_size': rng.randint(20000, 60000)}
    return m

def callback(chat, user):
    state['date'] += rng.randint(1, 20)
    msg = {'message_id': state['msg'][chat['id']] - rng.randint(1, 30), 'from': BOT, 'chat': chat, 'date': state['date'] - 600,
           'text': '🍕 Pizza or sushi? 🍣', 'reply_markup': {'inline_keyboard': [[
               {'text': 'Pizza', 'callback_data': 'vote:pizza'}, {'text': 'Sushi', 'callback_data': 'vote:sushi'}]]}}
    return {'id': str(rng.randint(10**18, 9 * 10**18)), 'from': user, 'message': msg,
            'chat_instance': str(rng.randint(-9 * 10**18, 9 * 10**18)), 'data': rng.choice(['vote:pizza', 'vote:sushi'])}

def edited(chat, user):
    mine = [s for s in state['sent'] if s['from'] is user and s['chat'] is chat]
    m = dict(rng.choice(mine) if mine else text_message(chat, user))
    m.pop('reply_to_message', None)
    m['text'] = m['text'] + ' (edit)'
    state['date'] += rng.randint(5, 60)
    m['edit_date'] = state['date']
    return m

def member_update(chat, user):
    state['date'] += rng.randint(1, 30)
    joined = rng.random() < 0.7
    old, new = ({'status': 'left', 'user': user}, {'status': 'member', 'user': user})
    if not joined: old, new = new, old
    return {'chat': chat, 'from': user, 'date': state['date'], 'old_chat_member': old, 'new_chat_member': new}

def reaction(chat, user):
    state['date'] += rng.randint(1, 30)
    return {'chat': chat, 'message_id': state['msg'][chat['id']] - rng.randint(0, 10), 'user': user, 'date': state['date'],
            'old_reaction': [], 'new_reaction': [{'type': 'emoji', 'emoji': rng.choice(EMOJI)}]}

def inline(chat, user):
    return {'id': str(rng.randint(10**18, 9 * 10**18)), 'from': user, 'query': rng.choice(['gif cat', 'weather', '天気', 'pizza']),
            'offset': '', 'chat_type': chat['type']}

KINDS = [('message', text_message, 40), ('message', command, 8), ('message', photo, 9), ('message', sticker, 7),
         ('callback_query', callback, 10), ('edited_message', edited, 7), ('chat_member', member_update, 6),
         ('message_reaction', reaction, 8), ('inline_query', inline, 5)]

updates = []
for i in range(100):
    kind, make, _ = rng.choices(KINDS, weights=[w for *_, w in KINDS])[0]
    chat, user = rng.choice(GROUPS), rng.choice(USERS)
    updates.append({'update_id': 815400001 + i, kind: make(chat, user)})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'getupdates_100.json')
with open(out, 'w', encoding='utf-8') as f:
    json.dump({'ok': True, 'result': updates}, f, ensure_ascii=False, separators=(',', ':'))
    f.write('\n')
