import { createContext, useContext } from 'react';
import type { Lang, Role } from '../../shared';
import type { Session } from './deskClient';

export type SessionValue = {
  session: Session;
  /** The interface language (not necessarily the language of an application's papers). */
  lang: Lang;
  hasRole: (r: Role) => boolean;
  /** Re-reads the office after settings change it. */
  refresh: () => Promise<void>;
  signOut: () => void;
};

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside a signed-in screen');
  return v;
}
