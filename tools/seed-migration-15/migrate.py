#!/usr/bin/env python3
"""One-off migration of dataset/seed from the old schema (confidence, free-text
site dates, sources without kinds) to the issue-15 schema. ALREADY APPLIED to
dataset/seed at seed revision 3; it reads the OLD shape and must not be run on
the current seed. Kept as the record of how the mechanical baseline was made:
source kinds by host, denylisted sources dropped (kept, and the record listed
in denylist-pending.txt, when nothing else remained), hashrates and capacity
points with no acceptable source removed, verified from the old as_of or
status_as_of (or meta as_of), moved up to the newest source's first day, and
site dates turned into milestones where the text gave a dated MW figure.
Usage: migrate.py OLD_SEEDDIR [--dry]"""
import json, sys, re, collections
from urllib.parse import urlparse

SEED = sys.argv[1]
DRY = '--dry' in sys.argv

def load(n): return json.load(open(f'{SEED}/{n}.json'))

# ---- denylist (same rules as dataset/denylist.go)
deny = []
for line in open(f'{SEED}/denylist.txt'):
    e = line.split('#', 1)[0].strip().lower()
    if not e: continue
    host, _, path = e.partition('/')
    deny.append((host.removeprefix('www.'), '/' + path.rstrip('/') if path else ''))

def drop_lang(p):
    parts = p.lstrip('/').split('/', 1)
    if len(parts) == 2 and 2 <= len(parts[0]) <= 5 and re.fullmatch(r'[a-z-]+', parts[0]):
        return '/' + parts[1]
    return p

def denied(url):
    u = urlparse(url)
    h = (u.hostname or '').lower()
    p = u.path.lower()
    for host, path in deny:
        if h != host and not h.endswith('.' + host): continue
        if path and not (p == path or p.startswith(path + '/') or drop_lang(p) == path or drop_lang(p).startswith(path + '/')): continue
        return host + path
    return None

# ---- source kinds by host
FILING = {'sec.gov'}
NEWSWIRE = {'globenewswire.com', 'businesswire.com', 'prnewswire.com', 'accesswire.com', 'einpresswire.com', 'newsfilecorp.com'}
COMPANY = {'irisenergy.co', 'iren.com'}
PRESS = {'theminermag.com', 'blockspace.media', 'theregister.com', 'datacenterdynamics.com', 'cointelegraph.com',
         'blockworks.co', 'forklog.com', 'capacitymedia.com', 'wfaa.com', 'businesslive.co.za', 'constructionreviewonline.com',
         'mugglehead.com', 'newprojectmedia.com', 'tokenpost.com', 'commercialsearch.com', 'americanbazaaronline.com',
         'yourstory.com', 'newsable.asianetnews.com', 'reuters.com', 'bloomberg.com', 'wsj.com', 'ft.com', 'cnbc.com',
         'datacenterfrontier.com', 'axios.com', 'fortune.com', 'coindesk.com', 'theblock.co', 'decrypt.co'}

def base(h):
    h = h.lower().removeprefix('www.')
    return h

def kind_of(url):
    u = urlparse(url)
    h = base(u.hostname or '')
    def is_(s): return any(h == x or h.endswith('.' + x) for x in s)
    if is_(FILING): return 'filing'
    if is_(NEWSWIRE): return 'newswire'
    if is_({'stocktitan.net'}) and u.path.startswith('/news/'): return 'newswire'
    if is_(COMPANY) or h.startswith('ir.') or h.startswith('investors.') or h.startswith('investor.'): return 'company'
    if is_(PRESS): return 'press'
    return 'aggregator'

report = collections.defaultdict(list)

def fix_sources(ss, where):
    """Set kinds, drop denylisted sources. Returns (kept, dropped)."""
    kept, dropped = [], []
    for s in ss:
        s = dict(s)
        d = denied(s['url'])
        if d:
            dropped.append((s, d)); continue
        # key order: url, publisher, title, date, kind, note
        out = {k: s[k] for k in ('url', 'publisher', 'title', 'date') if k in s}
        out['kind'] = kind_of(s['url'])
        if 'note' in s: out['note'] = s['note']
        kept.append(out)
    for s, d in dropped:
        report['dropped'].append((where, s['url'], d))
    return kept, dropped

GRADE = {'filing': 0, 'company': 0, 'newswire': 0, 'press': 1, 'research': 2, 'aggregator': 2}
def grade(ss):
    return ['primary', 'press', 'secondary'][min([GRADE[s['kind']] for s in ss], default=2)]

meta = json.load(open(f'{SEED}/meta.json'))
META_ASOF = meta['as_of']

def date_end_key(d):
    # last day of a YYYY, YYYY-MM, YYYY-MM-DD period, as a comparable string
    if len(d) == 4: return d + '-12-31'
    if len(d) == 7:
        y, m = int(d[:4]), int(d[5:7])
        days = [31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return f'{d}-{days:02d}'
    return d

def date_start(d):
    return d + '-01-01'[len(d) - 4:] if len(d) < 10 else d

def verified_for(asof, sources):
    """The record's old as_of/status_as_of (a full date) or the meta as_of,
    moved up to the first day of its newest source when that is later (a
    record cannot be checked against a document not yet published)."""
    v = asof if asof and len(asof) == 10 else META_ASOF
    newest = max([date_start(s['date']) for s in sources if s.get('date')], default='')
    return max(v, newest)

def reorder(rec, order_before):
    return rec

# ---------------- milestones (hand-read from each site's `dates` text)
def M(date, stage, mw, basis, kind, label=None, note=None):
    m = {'date': date, 'stage': stage, 'mw': mw}
    if mw is not None: m['basis'] = basis
    m['kind'] = kind
    if label: m['label'] = label
    if note: m['note'] = note
    return m

MILESTONES = {
    'sweetwater': ([
        M('2026-05-01', 'energized', 1400, 'gross', 'observed', 'Sweetwater 1'),
        M('2027-12', 'energized', 600, 'gross', 'guided', 'Sweetwater 2', 'energization expected "late 2027"'),
    ], 'Sweetwater 2 grid connection agreement with AEP Texas 2025-03-17.'),
    'lake-mariner': ([
        M('2026-06', 'energized', 40, 'unspecified', 'guided', 'CB-3/4 first phase', 'Fluidstack CB-3/4 "~40 MW in 1H 2026"'),
        M('2026-12', 'energized', 200, 'unspecified', 'guided', 'CB-3/4', 'Fluidstack "200+ MW by year-end 2026"'),
    ], 'Core42 (CB-1/2) live, revenue in Q1 2026; CB-5 2H 2026.'),
    'cayuga': ([M('2026-12', 'energized', 138, 'gross', 'guided', None, '"expected 2H 2026"')], ''),
    'barber-lake': ([
        M('2026-09', 'energized', 168, 'critical-it', 'guided', 'Phase I', 'targeted Sept 2026; 244 MW gross'),
        M('2027-01', 'energized', 39, 'critical-it', 'guided', 'Phase II', 'targeted Jan 2027; 56 MW gross'),
    ], ''),
    'denton': ([M('2025-06', 'energized', 40, 'unspecified', 'guided', 'Colocation', 'first ~8 MW, then ~40 MW of colocation "live by mid-2025"')],
               'Campus completion targeted 2027.'),
    'polaris-forge-1': ([
        M('2025-10-27', 'energized', 50, 'critical-it', 'observed', 'Building 1 phase 1', 'ready for service'),
        M('2025-12', 'energized', 100, 'critical-it', 'guided', 'Building 1', 'complete "~late 2025"'),
        M('2026-06', 'energized', 150, 'critical-it', 'guided', 'Building 2', '"mid-2026"'),
        M('2027', 'energized', 150, 'critical-it', 'guided', 'Building 3'),
    ], ''),
    'helios': ([
        M('2026-03', 'energized', 133, 'critical-it', 'guided', 'Phase I', 'first power targeted "early 2026" (not confirmed)'),
        M('2026-01-15', 'pipeline', 830, 'gross', 'observed', 'ERCOT approval', 'additional 830 MW approved by ERCOT'),
    ], 'Phase II 2027.'),
    'panther-creek': ([
        M('2026-12', 'energized', 50, 'gross', 'guided', 'Phase 1', '"end-2026"'),
        M('2027', 'energized', 300, 'gross', 'guided', 'Phase 2', '"+300 MW 2027"'),
    ], '60 MW pending approval.'),
    'clarington': ([M('2025-09', 'energized', 266, 'gross', 'guided', 'Mining build', '"initially targeted for Q3 2025"')],
                   'AI facility (Bitdeer\'s first AI build) targeted Q3 2026.'),
    'nc-1': ([
        M('2026-04', 'energized', 20, 'critical-it', 'guided', 'Nscale first 20 MW', 'billing from Apr 2026'),
        M('2026-05', 'energized', 20, 'critical-it', 'guided', 'Nscale second 20 MW', 'billing from May 2026'),
    ], ''),
}

# ---------------- records
def migrate_record(kind, r, asof):
    where = f'{kind}/{r["id"]}'
    ss, dropped = fix_sources(r['sources'], where)
    if not ss:
        report['no_source'].append(where)
        ss = [dict({k: s[k] for k in ('url', 'publisher', 'title', 'date') if k in s}, kind=kind_of(s['url']), **({'note': s['note']} if 'note' in s else {})) for s, _ in dropped]
    r['sources'] = ss
    r.pop('confidence', None)
    r['verified'] = verified_for(asof, ss)
    return r

deals = load('deals')
for d in deals:
    migrate_record('deals', d, d.get('status_as_of'))
    if d['id'] == 'terawulf-fluidstack-2025-10':
        d['share'] = 0.51

sites = load('sites')
for s in sites:
    migrate_record('sites', s, s.get('as_of'))
    text = s.pop('dates', None)
    ms, rest = MILESTONES.get(s['id'], ([], None))
    if ms and f'sites/{s["id"]}' in report['no_source']:
        # No acceptable source to date them with: keep the text only.
        report['milestones_skipped'].append(s['id'])
        ms = []
    if ms:
        for m in ms:
            m['announced'] = s['as_of'] if len(s['as_of']) == 10 else None
            if m['announced'] is None: del m['announced']
            if m['kind'] == 'observed' and 'announced' in m and m['announced'] < m['date']:
                del m['announced']
            m['sources'] = [dict(x) for x in s['sources']]
        s['milestones'] = ms
        if rest:
            s['notes'] = (s.get('notes', '') + ' Other dates: ' + rest).strip()
    elif text:
        s['notes'] = (s.get('notes', '') + ' Dates as recorded (not yet dated milestones): ' + text).strip()
    # field order: put milestones after as_of, verified after prior_use
    order = ['id','miner','name','city','region','country','grid','lat','lon','location_precision','use','energized_mw','construction_mw','pipeline_mw','unstaged_mw','basis','it_mw','as_of','milestones','prior_use','verified','notes','sources']
    keys = [k for k in order if k in s] + [k for k in s if k not in order]
    s2 = {k: s[k] for k in keys}
    s.clear(); s.update(s2)

miners = load('miners')
for m in miners:
    migrate_record('miners', m, None)
    h = m.get('hashrate')
    if h:
        ss, _ = fix_sources(h['sources'], f'miners/{m["id"]}.hashrate')
        if ss: h['sources'] = ss
        else:
            report['removed'].append(f'miners/{m["id"]}.hashrate ({h.get("eh_s")} EH/s): no acceptable source')
            del m['hashrate']
    caps = []
    for i, p in enumerate(m.get('capacity', [])):
        ss, _ = fix_sources(p['sources'], f'miners/{m["id"]}.capacity[{i}]')
        if ss:
            p['sources'] = ss; caps.append(p)
        else:
            report['removed'].append(f'miners/{m["id"]}.capacity[{i}] (as of {p["as_of"]}): no acceptable source')
    if 'capacity' in m:
        if caps: m['capacity'] = caps
        else: del m['capacity']

aggs = load('aggregates')
for a in aggs:
    ss, dropped = fix_sources(a['sources'], f'aggregates/{a["id"]}')
    if not ss:
        report['no_source'].append(f'aggregates/{a["id"]}')
        ss = [dict({k: s[k] for k in ('url', 'publisher', 'title', 'date') if k in s}, kind=kind_of(s['url']), **({'note': s['note']} if 'note' in s else {})) for s, _ in dropped]
    a['sources'] = ss

# ---------------- report
def share(recs):
    n = sum(1 for r in recs if grade(r['sources']) == 'primary')
    return f'{n}/{len(recs)} = {100*n/len(recs):.0f}%'
print('deals with a filing/company/newswire source:', share(deals))
print('sites with a filing/company/newswire source:', share(sites))
print('miners with a filing/company/newswire source:', share(miners))
print('grades deals:', collections.Counter(grade(d['sources']) for d in deals))
print('grades sites:', collections.Counter(grade(d['sources']) for d in sites))
print('dropped sources:', len(report['dropped']))
print('records left with no acceptable source:', report['no_source'])
for x in report['removed']: print('removed:', x)
print('milestones not created (site has no acceptable source):', report['milestones_skipped'])

if not DRY:
    def dump(n, v):
        with open(f'{SEED}/{n}.json', 'w') as f:
            json.dump(v, f, indent=2, ensure_ascii=False); f.write('\n')
    dump('deals', deals); dump('sites', sites); dump('miners', miners); dump('aggregates', aggs)
    if not __import__('os').path.exists(f'{SEED}/corrections.json'):
        dump('corrections', [])
    with open(f'{SEED}/denylist-pending.txt', 'w') as f:
        f.write("""# Records that still cite a denylisted source (denylist.txt) because no
# other source is on record: the lint lets them pass until their sources are
# replaced with the filing, the company's release or a named outlet. Any
# other denylisted source is refused, and so is a line here whose record no
# longer cites one: this list can only shrink. Delete it when it is empty.
""")
        for r in report['no_source']:
            f.write(r + '\n')

if not DRY:
    # verified and share before notes/sources (deals, miners)
    for f in ('deals', 'miners'):
        p = f'{SEED}/{f}.json'
        recs = json.load(open(p))
        out = []
        for r in recs:
            v = r.pop('verified'); sh = r.pop('share', None)
            n = {}; placed = False
            for k, val in r.items():
                if k in ('notes', 'sources') and not placed:
                    if sh is not None: n['share'] = sh
                    n['verified'] = v; placed = True
                n[k] = val
            out.append(n)
        json.dump(out, open(p, 'w'), indent=2, ensure_ascii=False); open(p, 'a').write('\n')
    meta['revision'] = 3
    meta['notes'] = meta['notes'].replace('every record cites its sources and a confidence grade.',
        "every record cites its sources, each with its kind (filing, company, newswire, press, research, aggregator), from which the record's grade is derived, and the date its figures were last checked (verified).")
    json.dump(meta, open(f'{SEED}/meta.json', 'w'), indent=2, ensure_ascii=False); open(f'{SEED}/meta.json', 'a').write('\n')
