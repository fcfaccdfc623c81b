// The Rayo gateway console: reads the MBeans through Jolokia (same origin, the browser's
// BASIC credentials); admin forms are shown to admins only (the server enforces it anyway).
'use strict';
const JMX = '/rayo/jmx';
const GW = 'com.rayo.gateway:Type=Gateway';
const ADMIN = 'com.rayo.gateway:Type=Admin,name=Admin';
let page = 1;
const PAGE_SIZE = 20;

async function jolokia(body) {
  const res = await fetch(JMX, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Rayo-Console': '1' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (json.status !== 200) throw new Error(json.error || ('HTTP ' + json.status));
  return json.value;
}
const read = (mbean, attribute) => jolokia({ type: 'read', mbean, attribute });
const exec = (mbean, operation, ...args) => jolokia({ type: 'exec', mbean, operation, arguments: args });

function cell(tr, text, cls) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : String(text);
  if (cls) td.className = cls;
  tr.appendChild(td);
  return td;
}
function fill(id, rows, render) {
  const body = document.querySelector('#' + id + ' tbody');
  body.replaceChildren();
  for (const r of rows) { const tr = document.createElement('tr'); render(tr, r); body.appendChild(tr); }
}
function button(td, label, action) {
  const b = document.createElement('button');
  b.textContent = label;
  b.addEventListener('click', () => act(action));
  td.appendChild(b);
}
function showError(e) {
  const p = document.getElementById('error');
  p.textContent = e ? String(e.message || e) : '';
  p.hidden = !e;
}
async function act(action) {
  try { await action(); showError(null); } catch (e) { showError(e); }
  await refresh();
}

async function refresh() {
  try {
    const [nodes, apps, mixers, quiesced, server, gateways] = await Promise.all([read(GW, 'Nodes'), read(GW, 'ClientApplications'),
      read(GW, 'ActiveMixers'), read(ADMIN, 'QuiesceMode'), read(ADMIN, 'ServerName'), exec(ADMIN, 'clusterList')]);
    document.getElementById('server').textContent = server;
    const q = document.getElementById('quiesce');
    q.replaceChildren(document.createTextNode(quiesced ? 'QUIESCED ' : 'serving '));
    const qb = document.createElement('button');
    qb.className = 'admin';
    qb.textContent = quiesced ? 'resume' : 'quiesce';
    qb.addEventListener('click', () => act(() => exec(ADMIN, quiesced ? 'disableQuiesce' : 'enableQuiesce')));
    q.appendChild(qb);
    fill('nodes', nodes, (tr, n) => {
      cell(tr, n.domain); cell(tr, n.platform); cell(tr, n.state, n.state); cell(tr, n.activeCalls); cell(tr, n.capacity);
      cell(tr, n.weight); cell(tr, n.priority);
      const td = cell(tr, '', 'admin');
      const disabled = n.state === 'DISABLED';
      button(td, disabled ? 'lift' : 'blacklist', () => exec(ADMIN, 'blacklist', n.platform, n.domain, !disabled));
    });
    fill('apps', apps, (tr, a) => {
      cell(tr, a.jid); cell(tr, a.name); cell(tr, a.platform); cell(tr, a.addresses.join(', ')); cell(tr, a.resources.join(', '));
      button(cell(tr, '', 'admin'), 'ban', () => exec(ADMIN, 'ban', a.jid));
    });
    fill('gateways', gateways, (tr, g) => {
      cell(tr, g.id + (g.self ? ' (this one)' : '')); cell(tr, g.state, g.state); cell(tr, g.role); cell(tr, g.lastHeartbeat);
      cell(tr, g.calls); cell(tr, g.messages); cell(tr, g.errors);
      const disabled = g.state === 'DISABLED';
      button(cell(tr, '', 'admin'), disabled ? 'enable' : 'disable', () => exec(ADMIN, 'clusterSetStatus', g.id, disabled));
    });
    fill('mixers', mixers, (tr, m) => {
      cell(tr, m.name); cell(tr, m.application); cell(tr, m.node);
      // Who speaks now, in bold: the mixer's active speakers from its speaking events.
      const td = cell(tr, '');
      m.participants.forEach((p, i) => {
        if (i) td.appendChild(document.createTextNode(', '));
        const b = document.createElement(m.speaking.some(s => p.startsWith(s + ' ')) ? 'strong' : 'span');
        b.textContent = p;
        td.appendChild(b);
      });
      cell(tr, m.created);
    });
    await calls();
    showError(null);
  } catch (e) { showError(e); }
}

async function calls() {
  const filter = document.querySelector('#callfilter input').value;
  const rows = await exec(GW, 'findCalls', filter, PAGE_SIZE, page);
  document.getElementById('page').textContent = page;
  fill('calls', rows, (tr, c) => {
    tr.className = 'call';
    cell(tr, c.callId); cell(tr, c.node); cell(tr, c.application); cell(tr, c.owner); cell(tr, c.direction); cell(tr, c.created);
    tr.addEventListener('click', async () => {
      const d = document.getElementById('calldetail');
      const info = await exec(GW, 'callInfo', c.callId);
      // The verbs running on it now (output, input, prompt, record), from this gateway.
      try { info.activeVerbs = await exec(GW, 'activeVerbs', c.callId); } catch (e) { info.activeVerbs = []; }
      d.textContent = JSON.stringify(info, null, 2);
      d.hidden = false;
    });
  });
}

async function who() {
  const res = await fetch('/rayo/whoami');
  const me = await res.json();
  document.getElementById('who').textContent = me.user + ' (' + (me.admin ? 'admin' : 'monitor') + ')';
  document.body.classList.toggle('monitor', !me.admin);
}

document.addEventListener('DOMContentLoaded', async () => {
  document.getElementById('register').addEventListener('submit', ev => {
    ev.preventDefault();
    const f = ev.target;
    act(() => exec(ADMIN, 'registerApplication', f.platform.value, f.name.value, f.jid.value));
  });
  document.getElementById('address').addEventListener('submit', ev => {
    ev.preventDefault();
    const f = ev.target;
    act(() => exec(ADMIN, 'registerAddress', f.jid.value, f.address.value));
  });
  document.getElementById('callfilter').addEventListener('submit', ev => { ev.preventDefault(); page = 1; calls().catch(showError); });
  document.getElementById('prev').addEventListener('click', () => { if (page > 1) { page--; calls().catch(showError); } });
  document.getElementById('next').addEventListener('click', () => { page++; calls().catch(showError); });
  await who();
  await refresh();
  setInterval(refresh, 3000);
});
