import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useServerStatus } from '../../lib/server-connection.ts';
import { parseTenant, type Tenant } from '../../server/tenant/schema.ts';
import { resetTenant, saveTenant, TenantRejectedError, tenantQuery } from './api/tenant-api.ts';
import { ApisSection } from './components/ApisSection.tsx';
import { ClientsSection } from './components/ClientsSection.tsx';
import { ImportExportSection } from './components/ImportExportSection.tsx';
import { RegisteredClientsSection } from './components/RegisteredClientsSection.tsx';
import { SettingsSection } from './components/SettingsSection.tsx';
import { UsersSection } from './components/UsersSection.tsx';
import './components/tenant-editor.css';

type SaveState =
  | { kind: 'saved' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'invalid'; count: number }
  | { kind: 'error'; message: string };

const SAVE_DELAY_MS = 400;

function statusText(state: SaveState): string {
  switch (state.kind) {
    case 'saved':
      return 'All changes saved';
    case 'pending':
    case 'saving':
      return 'Saving…';
    case 'invalid':
      return `Not saved: ${state.count === 1 ? '1 field needs' : `${state.count} fields need`} fixing`;
    case 'error':
      return `Not saved: ${state.message}`;
  }
}

/** The tenant editor page (route /tenant): every change is saved to the in-browser server. */
export default function TenantEditorRoute() {
  const server = useServerStatus();
  const queryClient = useQueryClient();
  const query = useQuery({ ...tenantQuery(), enabled: server.usable });
  const [draft, setDraft] = useState<Tenant | null>(null);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'saved' });
  const lastSaved = useRef('');
  const chain = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    if (query.data && draft === null) {
      lastSaved.current = JSON.stringify(query.data);
      setDraft(query.data);
    }
  }, [query.data, draft]);

  const validation = useMemo(() => (draft ? parseTenant(draft) : null), [draft]);
  const errors = validation && !validation.ok ? validation.errors : [];

  useEffect(() => {
    if (!draft || !validation) return;
    if (!validation.ok) {
      setSaveState({ kind: 'invalid', count: validation.errors.length });
      return;
    }
    const text = JSON.stringify(validation.tenant);
    if (text === lastSaved.current) {
      setSaveState({ kind: 'saved' });
      return;
    }
    setSaveState({ kind: 'pending' });
    const timer = setTimeout(() => {
      setSaveState({ kind: 'saving' });
      chain.current = chain.current.then(async () => {
        try {
          const saved = await saveTenant(validation.tenant);
          lastSaved.current = text;
          queryClient.setQueryData(tenantQuery().queryKey, saved);
          setSaveState({ kind: 'saved' });
        } catch (error) {
          setSaveState({
            kind: 'error',
            message:
              error instanceof TenantRejectedError
                ? error.message
                : error instanceof Error
                  ? error.message
                  : 'the server did not answer',
          });
        }
      });
    }, SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, validation, queryClient]);

  return (
    <div className="tenant-editor">
      <h1 id="tenant-title">Tenant</h1>
      <p>
        The configuration of the in-browser authorization server: its clients, APIs, users and token settings.
        Every change is saved to the server at once and kept in this browser.
      </p>
      {!server.usable && <p role="status">Waiting for the in-browser server…</p>}
      {query.isError && (
        <p role="alert" className="tenant-alert">
          {query.error.message}
        </p>
      )}
      {draft && (
        <>
          <p>
            <output className="tenant-status" data-kind={saveState.kind} aria-live="polite">
              {statusText(saveState)}
            </output>
          </p>
          {errors.length > 0 && (
            <div className="tenant-alert">
              <p>These fields need fixing before the tenant can be saved:</p>
              <ul aria-label="Fields to fix">
                {errors.map((e) => (
                  <li key={`${e.path}:${e.message}`}>
                    <code>{e.path}</code>: {e.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <ClientsSection tenant={draft} errors={errors} onChange={setDraft} />
          <RegisteredClientsSection enabled={server.usable} />
          <ApisSection tenant={draft} errors={errors} onChange={setDraft} />
          <UsersSection tenant={draft} errors={errors} onChange={setDraft} />
          <SettingsSection tenant={draft} errors={errors} onChange={setDraft} />
          <ImportExportSection
            tenant={draft}
            onReplace={(tenant) => setDraft(tenant)}
            onReset={async () => {
              await chain.current;
              const demo = await resetTenant();
              lastSaved.current = JSON.stringify(demo);
              queryClient.setQueryData(tenantQuery().queryKey, demo);
              setDraft(demo);
            }}
          />
        </>
      )}
    </div>
  );
}
