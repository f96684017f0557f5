/**
 * A report chart on screen (issue #14): the same ECharts option the PDF embeds
 * (shared/reports/charts.ts), drawn with the SVG renderer, resized with its
 * box, disposed on unmount. A click on a bar or slice calls onPick(dataIndex,
 * seriesIndex), which the screen turns into the list of applications behind
 * the figure (ChartSpec.pick).
 */
import { useEffect, useRef } from 'react';
import type { ChartOption } from '../../shared';
import { echarts } from './echarts';

type Props = {
  option: ChartOption;
  height: number;
  /** Read aloud in place of the picture; the chart's table carries the figures. */
  label: string;
  onPick?: (dataIndex: number, seriesIndex: number) => void;
  testId?: string;
};

export function Chart({ option, height, label, onPick, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  // The latest handler without re-binding echarts' listener on every render.
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  }, [onPick]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, null, { renderer: 'svg' });
    chart.current = c;
    c.on('click', (p) => {
      if (typeof p.dataIndex === 'number') pick.current?.(p.dataIndex, p.seriesIndex ?? 0);
    });
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // notMerge: a filtered dashboard may have fewer series or categories than before.
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={box}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ width: '100%', height, cursor: onPick ? 'pointer' : undefined }}
    />
  );
}
