/** The people, grant and account endpoints as the pages use them. */
import type { Account, AccountStatus, Grant, PeopleSort, Person, PersonDetail, PersonFields, Role } from '@qingdan/core';
import { api, type Page } from '../../app/api.ts';

// A person's types are the server's contract (core people.ts).
export type { Account, AccountStatus, Grant, Person, PersonDetail, PersonFields, Role };

export interface PeopleQuery {
  q?: string | undefined;
  orgId?: number | undefined;
  post?: string | undefined;
  hasAccount?: boolean | undefined;
  role?: Role | undefined;
  active?: boolean | undefined;
  sort?: PeopleSort | undefined;
  order?: 'asc' | 'desc' | undefined;
  page: number;
  pageSize: number;
}

export interface AccountsQuery {
  q?: string | undefined;
  role?: Role | undefined;
  status?: AccountStatus | undefined;
  page: number;
  pageSize: number;
}

export interface OrgOption {
  id: number;
  name: string;
  pathNames: string;
  active: boolean;
}

type Ok = { ok: true };

export const peopleApi = {
  list: (q: PeopleQuery) => api.get<Page<Person>>('/api/people', { ...q }),
  get: (id: number) => api.get<PersonDetail>(`/api/people/${id}`),
  create: (body: PersonFields) => api.post<PersonDetail>('/api/people', body),
  update: (id: number, body: PersonFields & { version: number }) => api.put<PersonDetail>(`/api/people/${id}`, body),
  deactivate: (id: number) => api.post<PersonDetail>(`/api/people/${id}/deactivate`),
  activate: (id: number) => api.post<PersonDetail>(`/api/people/${id}/activate`),
  grants: (id: number) => api.get<{ items: Grant[] }>(`/api/people/${id}/grants`),
  addGrant: (id: number, role: Role, orgId: number) => api.post<Grant>(`/api/people/${id}/grants`, { role, orgId }),
  removeGrant: (grantId: number) => api.delete<Ok>(`/api/grants/${grantId}`),
  accounts: (q: AccountsQuery) => api.get<Page<Account>>('/api/accounts', { ...q }),
  openAccount: (personId: number, username: string, password: string) => api.post<{ id: number }>('/api/accounts', { personId, username, password }),
  resetPassword: (accountId: number, password: string) => api.post<Ok>(`/api/accounts/${accountId}/reset-password`, { password }),
  unlock: (accountId: number) => api.post<Ok>(`/api/accounts/${accountId}/unlock`),
  disable: (accountId: number) => api.post<Ok>(`/api/accounts/${accountId}/disable`),
  enable: (accountId: number) => api.post<Ok>(`/api/accounts/${accountId}/enable`),
  searchOrgs: (q: string) => api.get<Page<OrgOption>>('/api/orgs', { q, active: true, pageSize: 30 }),
};
