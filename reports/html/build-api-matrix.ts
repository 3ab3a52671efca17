import type { TargetResult } from '../../src/model/index.js';
import { apiCellText, buildApiMatrix } from '../common/api-matrix.js';
import type { ApiMatrixView } from './html-view.js';

/** The per-API matrix as the page draws it: `passed/judged` per cell, coloured by the worst status, failing ids on hover. */
export function buildApiMatrixView(targets: readonly TargetResult[]): ApiMatrixView {
  const rows = buildApiMatrix(targets).map((row) => ({
    api: row.api,
    title: row.title,
    cells: row.cells.map((cell) => ({
      text: apiCellText(cell),
      statusClass: `st-${cell.worst ?? 'none'}`,
      detail: cell.failing.length === 0 ? '' : `failing: ${cell.failing.join(', ')}`,
    })),
  }));
  return { hasRows: rows.length > 0, rows };
}
