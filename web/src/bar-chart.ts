import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

export interface BarDatum {
  name: string;
  value: number;
}

/** Draws the bars, best at the top; returns the disposer. */
export function drawBars(el: HTMLElement, data: BarDatum[], fontFamily: string): () => void {
  const chart = echarts.init(el, undefined, { renderer: 'svg' });
  const rows = [...data].reverse();
  chart.setOption({
    textStyle: { fontFamily },
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', name: '得分' },
    yAxis: { type: 'category', data: rows.map((d) => d.name) },
    series: [
      {
        type: 'bar',
        data: rows.map((d) => d.value),
        label: { show: true, position: 'right' },
        itemStyle: { color: '#c0392b' },
      },
    ],
  });
  const onResize = () => chart.resize();
  window.addEventListener('resize', onResize);
  return () => {
    window.removeEventListener('resize', onResize);
    chart.dispose();
  };
}
