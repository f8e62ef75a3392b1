import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Permission, Role } from '@qingdan/core';
import { api, ApiError, setCsrfToken, setUnauthenticatedHandler } from './api.ts';
import type { Locale } from './i18n.tsx';

export interface Me {
  accountId: number;
  personId: number;
  username: string;
  name: string;
  locale: Locale;
  mustChangePassword: boolean;
  csrfToken: string;
  grants: { id: number; role: Role; orgId: number; orgPath: string; orgName: string }[];
  permissions: Permission[];
  demo: boolean;
}

interface AuthState {
  me: Me | null;
  loading: boolean;
  can(p: Permission): boolean;
  refresh(): Promise<void>;
}

const AuthContext = createContext<AuthState>({ me: null, loading: true, can: () => false, refresh: async () => {} });

export const ME_KEY = ['auth', 'me'];

const SIGNED_IN_KEY = 'qd_signed_in';

function rememberSignedIn(on: boolean): void {
  try {
    if (on) localStorage.setItem(SIGNED_IN_KEY, '1');
    else localStorage.removeItem(SIGNED_IN_KEY);
  } catch {
    // Storage may be unavailable (private mode): nothing is preloaded then.
  }
}

/** Did this browser have a session when it last asked? (A first visit did not.) */
export function wasSignedIn(): boolean {
  try {
    return localStorage.getItem(SIGNED_IN_KEY) === '1';
  } catch {
    return false;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        return await api.get<Me>('/api/auth/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
  const me = q.data ?? null;
  useEffect(() => {
    if (me) setCsrfToken(me.csrfToken);
    // Whether this browser had a session last time: the shell preloads a page only then (App.tsx).
    if (q.isSuccess) rememberSignedIn(!!me);
  }, [me, q.isSuccess]);
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      qc.setQueryData(ME_KEY, null);
    });
  }, [qc]);
  const state: AuthState = {
    me,
    loading: q.isLoading,
    can: (p) => !!me && me.permissions.includes(p),
    refresh: async () => {
      await qc.invalidateQueries({ queryKey: ME_KEY });
      await qc.refetchQueries({ queryKey: ME_KEY });
    },
  };
  return <AuthContext.Provider value={state}>{children}</AuthContext.Provider>;
}

export function useAuth() {
  return useContext(AuthContext);
}
