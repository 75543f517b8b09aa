/* report.js — draws tfclock's HTML report from the JSON embedded in the page
 * (#tfclock-data): per stage a Gantt of every operation, the concurrency
 * graph, the roll-ups and a sortable, filterable table. Strings from logs
 * only ever go through textContent, so markup in for_each keys stays text. */
(function () {
	'use strict';

	var data = JSON.parse(document.getElementById('tfclock-data').textContent);
	var I = {};
	data.op_fields.forEach(function (f, i) { I[f] = i; });
	var ROW_LIMIT = 2000; /* table rows drawn before "show more" */

	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text !== undefined && text !== null) e.textContent = String(text);
		return e;
	}
	function svg(tag, attrs) {
		var e = document.createElementNS('http://www.w3.org/2000/svg', tag);
		for (var k in attrs) e.setAttribute(k, attrs[k]);
		return e;
	}
	function pad(n) { return (n < 10 ? '0' : '') + n; }
	function fmtDur(s) {
		if (s === null || s === undefined || isNaN(s)) return '–';
		if (s < 0) s = 0;
		if (s < 10 && s !== Math.floor(s)) return s.toFixed(1) + 's';
		var t = Math.round(s);
		if (t < 60) return t + 's';
		if (t < 3600) return Math.floor(t / 60) + 'm' + pad(t % 60) + 's';
		return Math.floor(t / 3600) + 'h' + pad(Math.floor(t / 60) % 60) + 'm' + pad(t % 60) + 's';
	}
	function fig(s, estimated) { return (estimated && s !== null ? '~' : '') + fmtDur(s); }
	function at(s, estimated) { return (estimated ? '~' : '') + '+' + fmtDur(s); }
	function pct(part, whole) {
		return part === null || !(whole > 0) ? '' : ' (' + Math.round(100 * part / whole) + '%)';
	}

	/* ---- tooltip ---- */
	var tip = el('div');
	tip.id = 'tip';
	document.body.appendChild(tip);
	function showTip(ev, title, rows) {
		tip.textContent = '';
		tip.appendChild(el('b', null, title));
		var t = el('table');
		rows.forEach(function (r) {
			if (r[1] === null || r[1] === undefined || r[1] === '') return;
			var tr = el('tr');
			tr.appendChild(el('td', 'muted', r[0]));
			tr.appendChild(el('td', null, r[1]));
			t.appendChild(tr);
		});
		tip.appendChild(t);
		tip.style.display = 'block';
		var x = ev.clientX + 14, y = ev.clientY + 14;
		var w = tip.offsetWidth, h = tip.offsetHeight;
		if (x + w > window.innerWidth - 4) x = Math.max(4, ev.clientX - w - 14);
		if (y + h > window.innerHeight - 4) y = Math.max(4, ev.clientY - h - 14);
		tip.style.left = x + 'px';
		tip.style.top = y + 'px';
	}
	function hideTip() { tip.style.display = 'none'; }

	function opRows(st, o) {
		var helm = o[I.helm];
		var rows = [
			['action', o[I.action]],
			['status', o[I.status] + (o[I.open] ? ' (no end seen)' : '')],
			['start', at(o[I.start], o[I.estimated])],
			['duration', (o[I.open] ? '≥ ' : '') + fmtDur(o[I.dur])],
			['times', o[I.estimated] ? 'estimated from the order of events' : 'measured'],
			['lane', o[I.lane] + 1],
			['unit', o[I.unit]],
			['deposed', o[I.deposed]],
			['id', o[I.id]],
			['provider', o[I.provider]],
			['error', o[I.error]],
			['source', o[I.source] ? o[I.source] + ':' + o[I.line] : null]
		];
		if (helm) {
			rows.push(['helm release', helm.release]);
			rows.push(['helm phases', 'prepare ' + fmtDur(helm.prepare_s) + ', install ' + fmtDur(helm.install_s) +
				', wait ' + fmtDur(helm.wait_s)]);
			if (helm.note) rows.push(['helm note', helm.note]);
		}
		return rows;
	}

	/* ---- time axis ---- */
	var STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
	function tickStep(wall) {
		for (var i = 0; i < STEPS.length; i++) if (wall / STEPS[i] <= 10) return STEPS[i];
		return Math.ceil(wall / 10 / 86400) * 86400;
	}
	function axis(wall) {
		var track = el('div', 'track');
		if (!(wall > 0)) return track;
		var step = tickStep(wall);
		for (var t = 0; t <= wall; t += step) {
			if (t > 0 && t / wall > 0.96) break; /* no label squeezed against the edge */
			var tk = el('div', 'tick', fmtDur(t));
			tk.style.left = (100 * t / wall) + '%';
			track.appendChild(tk);
		}
		return track;
	}

	/* ---- Gantt of every operation ---- */
	function gantt(st) {
		var box = el('div', 'gantt');
		var head = el('div', 'axis');
		head.appendChild(el('div', 'label muted', st.ops.length + ' operations'));
		head.appendChild(axis(st.wall));
		box.appendChild(head);
		var order = st.ops.map(function (o, i) { return i; });
		order.sort(function (a, b) { return st.ops[a][I.start] - st.ops[b][I.start] || st.ops[a][I.seq] - st.ops[b][I.seq]; });
		var frag = document.createDocumentFragment();
		var wall = st.wall > 0 ? st.wall : 1;
		order.forEach(function (i) {
			var o = st.ops[i];
			var row = el('div', 'row');
			var label = el('div', 'label', o[I.address]);
			row.appendChild(label);
			var track = el('div', 'track');
			var cls = 'bar act-' + o[I.action];
			if (o[I.status] === 'failed') cls += ' failed';
			if (o[I.status] === 'unfinished') cls += ' unfinished';
			if (o[I.estimated]) cls += ' estimated';
			var bar = el('div', cls);
			bar.style.left = (100 * o[I.start] / wall) + '%';
			bar.style.width = (100 * o[I.dur] / wall) + '%';
			bar.setAttribute('data-i', i);
			track.appendChild(bar);
			row.appendChild(track);
			frag.appendChild(row);
		});
		box.appendChild(frag);
		box.addEventListener('mouseover', function (ev) {
			var bar = ev.target.closest ? ev.target.closest('.bar') : null;
			if (!bar) { hideTip(); return; }
			var o = st.ops[+bar.getAttribute('data-i')];
			showTip(ev, o[I.address], opRows(st, o));
		});
		box.addEventListener('mousemove', function (ev) {
			if (tip.style.display === 'block' && ev.target.closest && ev.target.closest('.bar')) {
				var o = st.ops[+ev.target.closest('.bar').getAttribute('data-i')];
				showTip(ev, o[I.address], opRows(st, o));
			}
		});
		box.addEventListener('mouseleave', hideTip);
		return box;
	}

	function legend() {
		var l = el('div', 'legend');
		[['create', 'create'], ['update', 'update'], ['delete', 'delete'], ['read', 'read'], ['import', 'import'],
			['open', 'ephemeral']].forEach(function (a) {
			var s = el('span');
			s.appendChild(el('i', 'swatch act-' + a[0]));
			s.appendChild(document.createTextNode(a[1]));
			l.appendChild(s);
		});
		var f = el('span');
		f.appendChild(el('i', 'swatch act-create failed'));
		f.appendChild(document.createTextNode('failed'));
		l.appendChild(f);
		var u = el('span');
		u.appendChild(el('i', 'swatch act-create unfinished'));
		u.appendChild(document.createTextNode('unfinished (no end seen)'));
		l.appendChild(u);
		return l;
	}

	/* ---- concurrency graph: a step function of operations in flight ---- */
	function concurrency(st) {
		var box = el('div', 'conc');
		var peak = Math.max(1, st.conc_peak), wall = st.wall > 0 ? st.wall : 1;
		var s = svg('svg', {viewBox: '0 0 1000 100', preserveAspectRatio: 'none', role: 'img'});
		s.appendChild(svg('title', {})).textContent = 'Operations in flight over time (peak ' + st.conc_peak + ')';
		var d = 'M0,100', y = 100;
		for (var i = 0; i + 1 < st.conc.length; i += 2) {
			var x = (1000 * st.conc[i] / wall).toFixed(2);
			d += ' L' + x + ',' + y;
			y = (100 - 96 * st.conc[i + 1] / peak).toFixed(2);
			d += ' L' + x + ',' + y;
		}
		d += ' L1000,' + y + ' L1000,100 Z';
		s.appendChild(svg('path', {d: d, 'class': 'area'}));
		box.appendChild(s);
		var top = el('div', 'ylab', st.conc_peak);
		top.style.top = '2px';
		box.appendChild(top);
		var zero = el('div', 'ylab', '0');
		zero.style.top = '112px';
		box.appendChild(zero);
		var step = tickStep(wall);
		for (var t = 0; t <= wall; t += step) {
			if (t > 0 && t / wall > 0.96) break;
			var lab = el('div', 'xlab', fmtDur(t));
			lab.style.left = 'calc(36px + (100% - 40px) * ' + (t / wall) + ')';
			box.appendChild(lab);
		}
		return box;
	}

	/* ---- sortable, filterable table ---- */
	function table(columns, rows, opts) {
		opts = opts || {};
		var wrap = el('div');
		var t = el('table', 'data');
		var thead = el('thead'), tr = el('tr');
		var sortCol = opts.sortCol === undefined ? -1 : opts.sortCol, sortDir = opts.sortDir || 1;
		var limit = opts.limit || ROW_LIMIT, filter = null;
		var tbody = el('tbody');
		var more = el('button', null, '');
		columns.forEach(function (c, ci) {
			var th = el('th', c.num ? 'num' : '', c.name);
			th.addEventListener('click', function () {
				sortDir = sortCol === ci ? -sortDir : (c.num ? -1 : 1);
				sortCol = ci;
				draw();
			});
			tr.appendChild(th);
		});
		thead.appendChild(tr);
		t.appendChild(thead);
		t.appendChild(tbody);
		wrap.appendChild(t);
		more.style.display = 'none';
		more.addEventListener('click', function () { limit *= 4; draw(); });
		wrap.appendChild(more);
		function draw() {
			var list = filter ? rows.filter(filter) : rows.slice();
			if (sortCol >= 0) {
				var c = columns[sortCol];
				list.sort(function (a, b) {
					var x = c.key(a), y = c.key(b);
					if (x === y) return 0;
					if (x === null || x === undefined) return 1;
					if (y === null || y === undefined) return -1;
					return (x < y ? -1 : 1) * sortDir;
				});
			}
			Array.prototype.forEach.call(tr.children, function (th, ci) {
				th.classList.toggle('asc', ci === sortCol && sortDir > 0);
				th.classList.toggle('desc', ci === sortCol && sortDir < 0);
			});
			tbody.textContent = '';
			var frag = document.createDocumentFragment();
			list.slice(0, limit).forEach(function (r) {
				var row = el('tr', opts.rowClass ? opts.rowClass(r) : '');
				columns.forEach(function (c) {
					row.appendChild(el('td', (c.num ? 'num ' : '') + (c.cls || ''), c.text(r)));
				});
				frag.appendChild(row);
			});
			tbody.appendChild(frag);
			more.style.display = list.length > limit ? '' : 'none';
			more.textContent = 'Show more (' + (list.length - limit) + ' not shown)';
			if (opts.onDraw) opts.onDraw(list.length);
		}
		draw();
		return {node: wrap, setFilter: function (f) { filter = f; draw(); }};
	}

	function globToRegExp(g) {
		var re = '';
		for (var i = 0; i < g.length; i++) {
			var ch = g[i];
			if (ch === '*') re += '.*';
			else if (ch === '?') re += '.';
			else re += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
		}
		return new RegExp('^' + re + '$', 'i');
	}

	function opsTable(st) {
		var box = el('div');
		var filters = el('div', 'filters');
		var q = el('input');
		q.type = 'search';
		q.placeholder = 'Filter addresses (text or glob with * ?)';
		var status = el('select'), action = el('select');
		['', 'complete', 'failed', 'unfinished'].forEach(function (s) {
			var o = el('option', null, s || 'any status');
			o.value = s;
			status.appendChild(o);
		});
		var actions = {};
		st.ops.forEach(function (o) { actions[o[I.action]] = true; });
		[''].concat(Object.keys(actions).sort()).forEach(function (s) {
			var o = el('option', null, s || 'any action');
			o.value = s;
			action.appendChild(o);
		});
		var count = el('span', 'muted');
		filters.appendChild(q);
		filters.appendChild(status);
		filters.appendChild(action);
		filters.appendChild(count);
		box.appendChild(filters);
		var cols = [
			{name: '#', num: true, key: function (o) { return o[I.seq]; }, text: function (o) { return o[I.seq] + 1; }},
			{name: 'Operation', cls: 'addr', key: function (o) { return o[I.address]; },
				text: function (o) { return o[I.address] + (o[I.deposed] ? ' (deposed ' + o[I.deposed] + ')' : '') + (o[I.unit] ? ' — ' + o[I.unit] : ''); }},
			{name: 'Action', key: function (o) { return o[I.action]; }, text: function (o) { return o[I.action]; }},
			{name: 'Status', key: function (o) { return o[I.status]; }, text: function (o) { return o[I.status]; }},
			{name: 'Start', num: true, key: function (o) { return o[I.start]; }, text: function (o) { return at(o[I.start], o[I.estimated]); }},
			{name: 'Duration', num: true, key: function (o) { return o[I.dur]; }, text: function (o) { return (o[I.open] ? '≥ ' : '') + fmtDur(o[I.dur]); }},
			{name: 'Lane', num: true, key: function (o) { return o[I.lane]; }, text: function (o) { return o[I.lane] + 1; }},
			{name: 'ID', cls: 'addr', key: function (o) { return o[I.id]; }, text: function (o) { return o[I.id] || ''; }},
			{name: 'Error', key: function (o) { return o[I.error]; }, text: function (o) { return o[I.error] || ''; }}
		];
		var tb = table(cols, st.ops, {
			sortCol: 5, sortDir: -1,
			rowClass: function (o) { return o[I.status] === 'failed' ? 'failed' : ''; },
			onDraw: function (n) { count.textContent = n + ' of ' + st.ops.length; }
		});
		function apply() {
			var text = q.value.trim(), re = null, s = status.value, a = action.value;
			if (/[*?]/.test(text)) re = globToRegExp(text);
			var low = text.toLowerCase();
			tb.setFilter(function (o) {
				if (s && o[I.status] !== s) return false;
				if (a && o[I.action] !== a) return false;
				if (!text) return true;
				return re ? re.test(o[I.address]) : o[I.address].toLowerCase().indexOf(low) >= 0;
			});
		}
		q.addEventListener('input', apply);
		status.addEventListener('change', apply);
		action.addEventListener('change', apply);
		box.appendChild(tb.node);
		return box;
	}

	function rollups(st) {
		var box = el('div', 'rollups');
		var titles = {module: 'By module' + (data.depth > 0 ? ' (depth ' + data.depth + ')' : ''),
			type: 'By resource type', provider: 'By provider', group: 'By count / for_each group'};
		['module', 'type', 'provider', 'group'].forEach(function (k) {
			var rows = st.rollups[k];
			if (!rows || !rows.length) return;
			var d = el('div');
			d.appendChild(el('h3', null, titles[k]));
			var cols = [
				{name: k === 'group' ? 'Group' : k.charAt(0).toUpperCase() + k.slice(1), cls: 'addr', key: function (r) { return r[0]; }, text: function (r) { return r[0]; }},
				{name: 'Count', num: true, key: function (r) { return r[1]; }, text: function (r) { return r[1]; }},
				{name: 'Sum', num: true, key: function (r) { return r[2]; }, text: function (r) { return fmtDur(r[2]); }},
				{name: 'Max', num: true, key: function (r) { return r[3]; }, text: function (r) { return fmtDur(r[3]); }},
				{name: 'Wall share', num: true, key: function (r) { return r[4]; },
					text: function (r) { return r[4] === null ? '–' : (st.estimated ? '~' : '') + Math.round(100 * r[4]) + '%'; }},
				{name: 'Time share', num: true, key: function (r) { return r[6]; },
					text: function (r) { return r[6] === null ? '–' : Math.round(100 * r[6]) + '%'; }},
				{name: 'Failed', num: true, key: function (r) { return r[5]; }, text: function (r) { return r[5]; }}
			];
			d.appendChild(table(cols, rows, {limit: 15}).node);
			box.appendChild(d);
		});
		return box;
	}

	function card(value, label) {
		var c = el('div', 'card');
		c.appendChild(el('b', null, value));
		c.appendChild(el('span', null, label));
		return c;
	}

	function stage(st, i) {
		var sec = el('section');
		sec.id = 'stage-' + i;
		sec.appendChild(el('h2', null, 'Stage ' + st.name));
		var meta = st.command + (st.tool ? ' with ' + st.tool + (st.tool_version ? ' ' + st.tool_version : '') : '');
		if (st.summary) meta += ' — Terraform: ' + st.summary.added + ' added, ' + st.summary.changed + ' changed, ' + st.summary.destroyed + ' destroyed';
		if (st.interrupted) meta += ' — interrupted';
		sec.appendChild(el('div', 'muted', meta));
		var cards = el('div', 'cards');
		cards.appendChild(card(fig(st.wall, st.estimated), 'wall time'));
		cards.appendChild(card(fmtDur(st.sum), 'resource time'));
		cards.appendChild(card(st.estimated ? '?' : fmtDur(st.overhead) + pct(st.overhead, st.wall),
			st.estimated ? 'overhead (needs timestamps)' : 'overhead: ' + fmtDur(st.lead) + ' before, ' + fmtDur(st.gap) + ' between, ' + fmtDur(st.tail) + ' after'));
		cards.appendChild(card(st.conc_avg === null ? '–' : (st.estimated ? '~' : '') + st.conc_avg.toFixed(1) + ' / ' + st.conc_peak, 'concurrency avg / peak'));
		cards.appendChild(card(st.ops_total, 'operations'));
		cards.appendChild(card(st.failed, 'failed'));
		cards.appendChild(card(st.unfinished, 'unfinished'));
		if (st.planned) cards.appendChild(card(st.planned, 'planned, not started'));
		sec.appendChild(cards);
		if (st.estimated)
			sec.appendChild(el('div', 'note', 'This stage has no timestamps: positions, wall time and concurrency are estimated (~) from the order of the log\u2019s lines and Terraform\u2019s reported durations \u2014 an operation starts once every operation whose completion was printed before it had ended.'));
		if (st.errors.length) {
			var ul = el('ul', 'errors');
			st.errors.forEach(function (e) { ul.appendChild(el('li', null, e)); });
			sec.appendChild(el('h3', null, 'Errors that name no operation'));
			sec.appendChild(ul);
		}
		if (st.ops.length) {
			sec.appendChild(el('h3', null, 'Timeline'));
			sec.appendChild(legend());
			sec.appendChild(gantt(st));
			sec.appendChild(el('h3', null, 'Concurrency (operations in flight)'));
			sec.appendChild(concurrency(st));
			var helmOps = st.ops.filter(function (o) { return o[I.helm]; });
			if (helmOps.length) {
				sec.appendChild(el('h3', null, 'Helm releases'));
				var h = function (o) { return o[I.helm]; };
				sec.appendChild(table([
					{name: 'Release', key: function (o) { return h(o).release; }, text: function (o) { return h(o).release || '?'; }},
					{name: 'Operation', cls: 'addr', key: function (o) { return o[I.address]; }, text: function (o) { return o[I.address]; }},
					{name: 'Total', num: true, key: function (o) { return o[I.dur]; }, text: function (o) { return (o[I.open] ? '≥ ' : '') + fmtDur(o[I.dur]); }},
					{name: 'Prepare', num: true, key: function (o) { return h(o).prepare_s; }, text: function (o) { return fmtDur(h(o).prepare_s); }},
					{name: 'Install', num: true, key: function (o) { return h(o).install_s; }, text: function (o) { return fmtDur(h(o).install_s); }},
					{name: 'Wait', num: true, key: function (o) { return h(o).wait_s; }, text: function (o) { return fmtDur(h(o).wait_s); }},
					{name: 'Provider', num: true, key: function (o) { return h(o).provider_s; }, text: function (o) { return fmtDur(h(o).provider_s); }},
					{name: 'Note', key: function (o) { return h(o).note; }, text: function (o) { return h(o).note || ''; }}
				], helmOps, {sortCol: 2, sortDir: -1}).node);
			}
			sec.appendChild(rollups(st));
			sec.appendChild(el('h3', null, 'Operations'));
			sec.appendChild(opsTable(st));
		} else {
			sec.appendChild(el('p', 'muted', 'No operations' + (st.ops_total ? ' pass the filters.' : '.')));
		}
		return sec;
	}

	var app = document.getElementById('app');
	app.textContent = '';
	app.appendChild(el('h1', null, 'tfclock — Terraform timeline'));
	var total = 0, failed = 0;
	data.stages.forEach(function (s) { total += s.ops_total; failed += s.failed; });
	app.appendChild(el('div', 'muted', data.stages.length + ' stage' + (data.stages.length === 1 ? '' : 's') + ', ' + total +
		' operations' + (failed ? ', ' + failed + ' failed' : '') + ' — ' + data.generator +
		(data.run_start ? ', run started ' + data.run_start : '')));
	if (data.times !== 'measured')
		app.appendChild(el('div', 'note', 'Figures marked ~ are estimated: ' + (data.times === 'mixed' ? 'some stages have' : 'the log has') +
			' no timestamps. Durations are Terraform\u2019s own; overhead cannot be told without timestamps.'));
	if (data.stages.length > 1) {
		var nav = el('nav');
		data.stages.forEach(function (s, i) {
			var a = el('a', null, s.name);
			a.href = '#stage-' + i;
			nav.appendChild(a);
		});
		app.appendChild(nav);
		app.appendChild(el('h2', null, 'Stages'));
		var rows = data.stages.map(function (s, i) { s.index = i; return s; });
		app.appendChild(table([
			{name: 'Stage', key: function (s) { return s.index; }, text: function (s) { return s.name; }},
			{name: 'Command', key: function (s) { return s.command; }, text: function (s) { return s.command; }},
			{name: 'Wall', num: true, key: function (s) { return s.wall; }, text: function (s) { return fig(s.wall, s.estimated); }},
			{name: 'Resource time', num: true, key: function (s) { return s.sum; }, text: function (s) { return fmtDur(s.sum); }},
			{name: 'Overhead', num: true, key: function (s) { return s.overhead; }, text: function (s) { return s.estimated ? '?' : fmtDur(s.overhead) + pct(s.overhead, s.wall); }},
			{name: 'Peak', num: true, key: function (s) { return s.conc_peak; }, text: function (s) { return s.conc_peak; }},
			{name: 'Operations', num: true, key: function (s) { return s.ops_total; }, text: function (s) { return s.ops_total; }},
			{name: 'Failed', num: true, key: function (s) { return s.failed; }, text: function (s) { return s.failed; }},
			{name: 'Unfinished', num: true, key: function (s) { return s.unfinished; }, text: function (s) { return s.unfinished; }}
		], rows, {rowClass: function (s) { return s.failed ? 'failed' : ''; }}).node);
	}
	data.stages.forEach(function (s, i) { app.appendChild(stage(s, i)); });
	document.documentElement.setAttribute('data-rendered', 'true');
})();
