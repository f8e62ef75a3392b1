/**
 * A list the server pages: its query (filters, page, page size, sort), the request that follows
 * it, and the table that shows it — written once for every list page. `usePaged` keeps the query
 * and fetches with it (the previous page stays on screen while the next loads); `PagedTable`
 * shows the rows, the error above them, the page and size controls, and turns a column's sorter
 * into the server's `sort` and `order`.
 */
import { useState, type ReactNode } from 'react';
import { keepPreviousData, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { Alert, Table } from 'antd';
import type { TableProps } from 'antd';
import { errorMessage, type Page } from './api.ts';

export interface PageQuery {
  page: number;
  pageSize: number;
  sort?: string | undefined;
  order?: 'asc' | 'desc' | undefined;
}

export interface Paged<Q extends PageQuery, T, R extends Page<T> = Page<T>> {
  query: Q;
  /** The answer: a page of rows, and whatever else the list's endpoint gives beside them. */
  result: UseQueryResult<R>;
  /** Change filters (back to the first page). */
  set(patch: Partial<Q>): void;
  setQuery(update: (q: Q) => Q): void;
  /** Fetch again every page of this list (after a change). */
  reload(): void;
}

/** The list `key` (its cache key prefix) fetched with `fetch` for the current query. */
export function usePaged<Q extends PageQuery, T, R extends Page<T> = Page<T>>(key: readonly unknown[], initial: Q, fetch: (q: Q) => Promise<R>): Paged<Q, T, R> {
  const qc = useQueryClient();
  const [query, setQuery] = useState<Q>(initial);
  const result = useQuery({ queryKey: [...key, query], queryFn: () => fetch(query), placeholderData: keepPreviousData });
  return {
    query,
    result,
    set: (patch) => setQuery((q) => ({ ...q, page: 1, ...patch })),
    setQuery,
    reload: () => void qc.invalidateQueries({ queryKey: key }),
  };
}

/** A column's sort order as the table shows it, from the query's server sort key. */
export function sortOrderOf(query: PageQuery, serverKey: string): 'ascend' | 'descend' | null {
  return query.sort === serverKey ? (query.order === 'desc' ? 'descend' : 'ascend') : null;
}

export type PagedTableProps<Q extends PageQuery, T, R extends Page<T> = Page<T>> = Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'onChange'> & {
  paged: Paged<Q, T, R>;
  /** "共 N 项" in the reader's language. */
  totalText: (n: number) => string;
  /** Column key → the server's sort key, for the columns that sort. */
  sortKeys?: Record<string, string>;
  pageSizeOptions?: number[];
  /** Shown above the table when the request failed (default: the error's message). */
  errorTitle?: ReactNode;
};

export function PagedTable<Q extends PageQuery, T extends object, R extends Page<T> = Page<T>>({ paged, totalText, sortKeys, pageSizeOptions, errorTitle, ...table }: PagedTableProps<Q, T, R>) {
  const { query, result } = paged;
  const onChange: TableProps<T>['onChange'] = (pagination, _filters, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = sortKeys && s?.order ? sortKeys[String(s.columnKey ?? s.field)] : undefined;
    paged.setQuery((q) => ({
      ...q,
      page: pagination.current ?? 1,
      pageSize: pagination.pageSize ?? q.pageSize,
      ...(sortKeys ? { sort: key, order: key ? (s?.order === 'descend' ? 'desc' : 'asc') : undefined } : {}),
    }));
  };
  return (
    <>
      {result.error && <Alert type="error" showIcon title={errorTitle ?? errorMessage(result.error)} style={{ marginBottom: 16 }} />}
      <Table<T>
        size="middle"
        {...table}
        dataSource={result.data?.items ?? []}
        loading={result.isFetching}
        onChange={onChange}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: result.data?.total ?? 0,
          showSizeChanger: true,
          ...(pageSizeOptions ? { pageSizeOptions } : {}),
          showTotal: totalText,
        }}
      />
    </>
  );
}
