import { createContext, useContext } from 'react';

export interface Me {
  id: string;
  username: string;
  role: string;
  unit: { id: string; name: string; code: string } | null;
  region: { id: string; name: string; code: string } | null;
}

export const SessionContext = createContext<{ me: Me; logout: () => void } | null>(null);

export function useSession() {
  const s = useContext(SessionContext);
  if (!s) throw new TypeError('useSession outside a session');
  return s;
}

/** The journey a role starts on. */
export function homeOf(role: string): string {
  if (role === 'LEGAL_REVIEWER') return '/review';
  if (role === 'ASSESSOR') return '/assess';
  return '/powers';
}
