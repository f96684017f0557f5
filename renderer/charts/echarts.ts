/**
 * The one place echarts is assembled: only the charts and components the
 * report charts use (shared/reports/charts.ts), and only the SVG renderer,
 * so the console's bundle carries a fraction of echarts and the screen draws
 * what the PDF embeds.
 *
 * Text is measured with Tinos's own widths (tinosWidths.ts), not by the
 * platform: Node has no canvas and ECharts would count every Kazakh or Russian
 * letter a full em wide (labels cut short, legends wrapped), and a browser
 * measures whichever font it happens to have. With one table, a chart lays out
 * the same on every machine, so a closed period's PDF does too.
 */
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { TINOS_WIDTHS } from './tinosWidths';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const WIDTHS = new Map<number, number>();
for (const [from, widths] of TINOS_WIDTHS)
  widths.forEach((w, i) => {
    if (w) WIDTHS.set(from + i, w / 1000);
  });
/**
 * A character the table lacks: one em. zrender also takes the width of '国' as a line's height,
 * so this is what spaces wrapped label lines apart.
 */
const UNKNOWN_EM = 1;
/** Tinos Bold runs about 4 % wider than Regular over Cyrillic and Latin text. */
const BOLD = 1.04;

/** Width in pixels of `text` in a CSS font string ("bold 12px Tinos, …"). */
function measureTinos(text: string, font = ''): number {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
  let em = 0;
  for (const ch of text) em += WIDTHS.get(ch.codePointAt(0) ?? 0) ?? UNKNOWN_EM;
  return em * size * (/\bbold\b|\b[6-9]00\b/.test(font) ? BOLD : 1);
}

echarts.setPlatformAPI({ measureText: (text, font) => ({ width: measureTinos(text ?? '', font) }) });

export { echarts };
