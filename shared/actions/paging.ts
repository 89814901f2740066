import { p } from './params';

/** `PageNumber` (from 1, default 1) and `PageSize` (default 10, max usually 100): https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview. */
export const pageFields = (maxPageSize = 100) => ({
  PageNumber: p.int({ min: 1, max: 1_000_000 }).optional(),
  PageSize: p.int({ min: 1, max: maxPageSize }).optional(),
});

export interface Page<T> {
  items: T[];
  TotalCount: number;
  PageNumber: number;
  PageSize: number;
}

/** Page through a list that is already filtered and ordered. */
export function pageOf<T>(all: readonly T[], pageNumber = 1, pageSize = 10): Page<T> {
  const start = (pageNumber - 1) * pageSize;
  return { items: all.slice(start, start + pageSize), TotalCount: all.length, PageNumber: pageNumber, PageSize: pageSize };
}
