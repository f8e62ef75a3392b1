/** The server's health answer as the web app reads it: above all the business date the server runs on. */
import { useQuery } from '@tanstack/react-query';
import { api } from './api.ts';

export interface Health {
  businessDate: string;
  clockShifted: boolean;
}

/** One query for the header's banner and every form that needs today's business date. */
export const healthQuery = {
  queryKey: ['health'] as const,
  queryFn: () => api.get<Health>('/api/health'),
  refetchInterval: 5 * 60_000,
  refetchOnWindowFocus: true,
};

/** Today as the server counts it (YYYY-MM-DD), or undefined until it has answered. */
export function useBusinessDate(): string | undefined {
  return useQuery(healthQuery).data?.businessDate;
}
