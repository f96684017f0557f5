/** Who is signed in to the console, for the screens (what they offer follows the roles; the server enforces them). */
import { createContext, useContext } from 'react';
import { mayChangeDistrict, type ConsoleSession, type DistrictArea } from '../../shared';

export type ConsoleState = { session: ConsoleSession; signOut: () => void };

export const ConsoleContext = createContext<ConsoleState | null>(null);

export function useConsole(): ConsoleState {
  const c = useContext(ConsoleContext);
  if (!c) throw new Error('useConsole outside the signed-in console');
  return c;
}

/** Whether the person may change this area: screens hide what the server would refuse. */
export function useMayChange(area: DistrictArea): boolean {
  return mayChangeDistrict(useConsole().session.staff.roles, area);
}
