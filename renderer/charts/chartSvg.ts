/**
 * A chart as an SVG string (issue #14): ECharts' server-side rendering, which
 * needs no DOM, so the same code makes a PDF's chart in the browser (the
 * console prints) and in Node (tests, the server if it ever prints). The option
 * is plain data from shared/reports/charts.ts.
 */
import type { ChartOption } from '../../shared';
import { echarts } from './echarts';

export type ChartSize = { width: number; height: number };

export function chartSvg(option: ChartOption, size: ChartSize): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(option);
    // zrender numbers every instance ("zr0-cls-1", "zr1-cls-1", ...) in its hover-style class names;
    // one number for all keeps the SVG, and so a closed period's PDF, the same from one render to the next.
    return chart.renderToSVGString().replace(/\bzr\d+-cls-/g, 'zr-cls-');
  } finally {
    chart.dispose();
  }
}
