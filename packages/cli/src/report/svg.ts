// -svg: the dot report laid out by graphviz compiled to WebAssembly
// (@viz-js/viz), so no system graphviz is needed, then made pannable the way
// pprof post-processes dot's SVG: the fixed size gives way to the whole
// window, and a viewport group that a small script pans (drag) and zooms
// (wheel) wraps the graph.

/** SvgRenderer lays out dot text as pannable SVG. */
export type SvgRenderer = (dot: string) => string;

// Our own pan/zoom (pprof embeds svgpan): wheel zooms around the pointer,
// dragging the background or a node pans. It keeps one transform on the
// viewport group, starting at pprof's half scale. The script comes before
// the group it moves, so it waits for the document to load.
const PAN_ZOOM_SCRIPT = `
(function setup() {
  if (document.readyState !== 'complete') {
    window.addEventListener('load', setup);
    return;
  }
  var svg = document.documentElement;
  var view = document.getElementById('viewport');
  if (!view) return;
  var scale = 0.5, tx = 0, ty = 0, drag = null;
  function apply() {
    view.setAttribute('transform', 'translate(' + tx + ',' + ty + ') scale(' + scale + ',' + scale + ')');
  }
  function point(evt) {
    var p = svg.createSVGPoint();
    p.x = evt.clientX;
    p.y = evt.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  svg.addEventListener('wheel', function (evt) {
    evt.preventDefault();
    var p = point(evt);
    var k = Math.pow(1.2, evt.deltaY < 0 ? 1 : -1);
    tx = p.x - (p.x - tx) * k;
    ty = p.y - (p.y - ty) * k;
    scale *= k;
    apply();
  }, { passive: false });
  svg.addEventListener('mousedown', function (evt) {
    if (evt.button !== 0) return;
    var p = point(evt);
    drag = { x: p.x - tx, y: p.y - ty };
  });
  svg.addEventListener('mousemove', function (evt) {
    if (!drag) return;
    var p = point(evt);
    tx = p.x - drag.x;
    ty = p.y - drag.y;
    apply();
  });
  window.addEventListener('mouseup', function () { drag = null; });
  apply();
})();
`;

const VIEW_BOX = /<svg\s*width="[^"]+"\s*height="[^"]+"\s*viewBox="[^"]+"/;
const GRAPH_ID = /<g id="graph\d"/;

/** massageSvg makes graphviz's SVG fill the window and pan/zoom (pprof's massageSVG). */
export function massageSvg(svg: string): string {
  // Some graphviz versions leave "&;" unescaped, which XML parsers reject.
  svg = svg.replaceAll('&;', '&amp;;');
  svg = svg.replace(VIEW_BOX, '<svg width="100%" height="100%"');
  const g = GRAPH_ID.exec(svg);
  if (g) {
    svg = svg.slice(0, g.index) +
      `<script type="text/ecmascript"><![CDATA[${PAN_ZOOM_SCRIPT}]]></script>` +
      '<g id="viewport" transform="scale(0.5,0.5) translate(0,0)">' +
      svg.slice(g.index);
  }
  const close = svg.lastIndexOf('</svg>');
  if (close >= 0) svg = svg.slice(0, close) + '</g>' + svg.slice(close);
  return svg;
}

/**
 * createSvgRenderer starts graphviz (about half a second) and returns a
 * renderer to reuse, e.g. by a server that draws many graphs.
 */
export async function createSvgRenderer(): Promise<SvgRenderer> {
  // Loaded on first use: parsing its 1.2 MB of script took every report's
  // start-up about 15 ms.
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  return (dot) => {
    const r = viz.render(dot, { format: 'svg' });
    if (r.status !== 'success') {
      const why = r.errors.map((e) => e.message.trim()).join('; ');
      throw new Error(`rendering svg: ${why || 'graphviz failed'}`);
    }
    return massageSvg(r.output);
  };
}

/** renderSvg lays out one dot graph as pannable SVG. */
export async function renderSvg(dot: string): Promise<string> {
  return (await createSvgRenderer())(dot);
}
