import { useEffect, useEffectEvent, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusSchema, type Application } from '../../../shared';
import { desk } from '../deskClient';
import { AppTable } from '../components/AppTable';
import { ErrorBox, Loading } from '../components/Notice';
import { useAction } from '../hooks';

const PAGE = 25;

export function SearchPage() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [status, setStatus] = useState<'' | Application['status']>('');
  const [items, setItems] = useState<Application[] | null>(null);
  const [next, setNext] = useState<string | undefined>();
  const [total, setTotal] = useState<number | undefined>();
  const action = useAction();
  const input = useRef<HTMLInputElement>(null);
  const query = useRef({ text: '', status: '' as '' | Application['status'] });

  async function load(reset: boolean) {
    const q = query.current;
    const page = await action.run(() =>
      desk.list({
        text: q.text || undefined,
        status: q.status || undefined,
        cursor: reset ? undefined : next,
        limit: PAGE,
      }),
    );
    if (!page) return;
    setItems((old) => (reset || !old ? page.items : [...old, ...page.items]));
    setNext(page.next);
    setTotal(page.total);
  }

  function submit(e?: FormEvent) {
    e?.preventDefault();
    query.current = { text: text.trim(), status };
    void load(true);
  }

  // The first search runs once, when the screen opens, with what the form holds then.
  const onOpen = useEffectEvent(() => {
    submit();
    input.current?.focus();
  });
  useEffect(() => onOpen(), []);

  return (
    <div className="screen" data-testid="search-page">
      <div className="screen-head">
        <h1>{t('search.title')}</h1>
      </div>
      <form className="search-bar" onSubmit={submit} role="search">
        <input
          ref={input}
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('search.placeholder')}
          aria-label={t('search.placeholder')}
          data-testid="search-input"
          spellCheck={false}
          autoComplete="off"
        />
        <select
          value={status}
          onChange={(e) => {
            const v = e.target.value as '' | Application['status'];
            setStatus(v);
            query.current = { text: text.trim(), status: v };
            void load(true);
          }}
          aria-label={t('search.status')}
          data-testid="search-status"
        >
          <option value="">{t('search.anyStatus')}</option>
          {StatusSchema.options.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn--primary" data-testid="search-submit">
          {t('search.submit')}
        </button>
      </form>
      <p className="muted small">{t('search.hint')}</p>
      <ErrorBox problem={action.error} />
      {items === null ? (
        <Loading />
      ) : (
        <>
          <div className="muted small" data-testid="search-count">
            {total !== undefined
              ? t('search.shownOfTotal', { shown: items.length, total })
              : t('search.shown', { count: items.length })}
          </div>
          <AppTable items={items} testid="search-results" />
          {next && (
            <div className="actions actions--center">
              <button
                type="button"
                className="btn"
                onClick={() => void load(false)}
                disabled={action.busy}
                data-testid="search-more"
              >
                {action.busy ? t('common.loading') : t('search.loadMore')}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
