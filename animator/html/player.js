// The landscapes player: draws each path, head, loss line and the step counter over the render's
// still background, and plays, scrubs, toggles and reads out. Written for this project; it fetches
// nothing. Coordinates are figure pixels from the top left, as the page's data gives them.
(function () {
  "use strict";

  const root = document.querySelector("main.player");
  const data = JSON.parse(document.getElementById("landscapes-data").textContent);
  const [width, height] = data.size;
  const stage = root.querySelector(".stage");
  const canvas = stage.querySelector("canvas");
  const context = canvas.getContext("2d");
  const tooltip = stage.querySelector(".tooltip");
  const slider = root.querySelector(".step");
  const display = root.querySelector(".step-display");
  const playButton = root.querySelector(".play");
  const speedSelect = root.querySelector(".speed");
  const loopBox = root.querySelector(".loop");
  const readout = root.querySelector(".readout");
  const placeholder = readout.textContent;

  function bytes(text) {
    const raw = atob(text);
    const result = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) result[i] = raw.charCodeAt(i);
    return result.buffer;
  }

  // values[((o * starts + s) * kept + k) * 3 + c]: x, y, loss of optimizer o from start s at kept step k.
  const values = new Float64Array(bytes(data.values));
  const kept = new Int32Array(bytes(data.kept));
  const starts = data.starts;
  const optimizers = data.optimizers;
  const lastIndex = kept.length - 1;
  // A loop rests on its last frame for the render's hold, or a short moment without one.
  const HOLD_AT_END_MS = data.hold > 0 ? data.hold * 1000 : 900;

  function valueAt(o, s, k, c) {
    return values[((o * starts + s) * kept.length + k) * 3 + c];
  }

  function mapper(geometry) {
    const [left, top, boxWidth, boxHeight] = geometry.box;
    const scaleY = geometry.log ? Math.log10 : (v) => v;
    const [x0, x1] = geometry.xlim;
    const y0 = scaleY(geometry.ylim[0]);
    const y1 = scaleY(geometry.ylim[1]);
    return (x, y) => [
      left + ((x - x0) / (x1 - x0)) * boxWidth,
      top + boxHeight - ((scaleY(y) - y0) / (y1 - y0)) * boxHeight,
    ];
  }

  function inside(box, x, y) {
    return x >= box[0] && x <= box[0] + box[2] && y >= box[1] && y <= box[1] + box[3];
  }

  // One track per drawn path: its points in figure pixels, as far as the renderer draws it.
  const [cx0, cx1, cy0, cy1] = data.clamp;
  const clamp = (v, low, high) => Math.min(Math.max(v, low), high);
  const panels = data.panels.map((panel) => {
    const toPixels = mapper(panel);
    const tracks = [];
    for (const o of panel.optimizers) {
      for (let s = 0; s < starts; s++) {
        const [count, end] = data.drawn[o * starts + s];
        let drawn = 0;
        while (drawn < kept.length && kept[drawn] < count) drawn++;
        const pixels = new Float32Array(2 * drawn);
        for (let k = 0; k < drawn; k++) {
          const [px, py] = toPixels(clamp(valueAt(o, s, k, 0), cx0, cx1), clamp(valueAt(o, s, k, 1), cy0, cy1));
          pixels[2 * k] = px;
          pixels[2 * k + 1] = py;
        }
        tracks.push({ o, s, pixels, drawn, count, end: end ? toPixels(end[0], end[1]) : null });
      }
    }
    return { box: panel.box, tracks };
  });

  // Panels of values against step (loss, accuracy): one track per (optimizer, start), broken where a
  // value cannot be drawn (not finite, or not positive on a log axis).
  const seriesPanels = data.series.map((panel) => {
    const series = new Float32Array(bytes(panel.values));
    const toPixels = mapper(panel);
    const tracks = [];
    for (let o = 0; o < optimizers.length; o++) {
      for (let s = 0; s < starts; s++) {
        const pixels = new Float32Array(2 * kept.length);
        for (let k = 0; k < kept.length; k++) {
          const v = series[(o * starts + s) * kept.length + k];
          const usable = Number.isFinite(v) && (!panel.log || v > 0);
          const [px, py] = usable ? toPixels(kept[k], v) : [NaN, NaN];
          pixels[2 * k] = px;
          pixels[2 * k + 1] = py;
        }
        tracks.push({ o, s, pixels, drawn: kept.length, count: Infinity, end: null });
      }
    }
    return { box: panel.box, tracks, style: panel };
  });

  const state = {
    index: 0,
    visible: optimizers.map(() => true),
    playing: false,
    frame: 0,
    holdUntil: 0,
    lastTime: 0,
    pointer: null,
    hovered: null,
    focused: null,
  };

  // ---- drawing -------------------------------------------------------------------------------

  function shownRange(track, index) {
    // The kept points shown at kept step `index`: [first, last] indices into the track, and the end point.
    const step = kept[index];
    const last = Math.min(index, track.drawn - 1);
    let first = 0;
    if (data.line.tail !== null) {
      while (first < last && kept[first] < step - data.line.tail) first++;
    }
    const end = track.end && step >= track.count ? track.end : null;
    return [first, last, end];
  }

  function trackPoints(track, index) {
    const [first, last, end] = shownRange(track, index);
    const points = [];
    for (let k = first; k <= last; k++) points.push([track.pixels[2 * k], track.pixels[2 * k + 1]]);
    if (end) points.push(end);
    return points;
  }

  function strokeLine(points, color, lineWidth, tail) {
    context.strokeStyle = color;
    context.lineWidth = lineWidth;
    context.lineJoin = "round";
    if (tail === null) {
      context.lineCap = "square";
      context.beginPath();
      let open = false;
      for (const [x, y] of points) {
        if (Number.isNaN(x)) {
          open = false;
        } else if (open) {
          context.lineTo(x, y);
        } else {
          context.moveTo(x, y);
          open = true;
        }
      }
      context.stroke();
      return;
    }
    context.lineCap = "round";
    const segments = points.length - 1;
    for (let i = 0; i < segments; i++) {
      const age = segments - 1 - i;
      context.globalAlpha = Math.max(0, (tail - age) / tail);
      context.beginPath();
      context.moveTo(points[i][0], points[i][1]);
      context.lineTo(points[i + 1][0], points[i + 1][1]);
      context.stroke();
    }
    context.globalAlpha = 1;
  }

  function drawMarker(x, y, style, color) {
    if (Number.isNaN(x)) return;
    context.beginPath();
    if (style.shape === "circle") {
      context.arc(x, y, style.size / 2, 0, 2 * Math.PI);
    } else {
      style.shape.forEach(([u, v], i) => {
        const px = x + u * style.size;
        const py = y - v * style.size;
        if (i === 0) context.moveTo(px, py);
        else context.lineTo(px, py);
      });
      context.closePath();
    }
    context.fillStyle = color;
    context.fill();
    context.lineWidth = style.edge;
    context.lineJoin = "miter";
    context.strokeStyle = style.edgeColor;
    context.stroke();
  }

  function clipTo(box) {
    context.save();
    context.beginPath();
    context.rect(box[0], box[1], box[2], box[3]);
    context.clip();
  }

  function drawPanel(panel, index, lineWidth, tail, headFor, dash = null) {
    clipTo(panel.box);
    const shown = panel.tracks.filter((track) => state.visible[track.o]);
    const heads = shown.map((track) => [track, trackPoints(track, index)]);
    context.setLineDash(dash || []);
    for (const [track, points] of heads) strokeLine(points, optimizers[track.o].color, lineWidth, tail);
    context.setLineDash([]);
    for (const [track, points] of heads) {
      if (points.length && headFor(track)) {
        const [x, y] = points[points.length - 1];
        drawMarker(x, y, headFor(track), optimizers[track.o].color);
      }
    }
    context.restore();
  }

  function writeText(style, text) {
    context.font = `${style.size}px "DejaVu Sans Mono", ui-monospace, monospace`;
    context.fillStyle = style.color;
    context.textAlign = style.align;
    context.textBaseline = { center: "middle", center_baseline: "middle", baseline: "alphabetic" }[
      style.baseline
    ] || style.baseline;
    context.fillText(text, style.x, style.y);
  }

  function drawCounter(index) {
    const counter = data.counter;
    if (!counter) return;
    const total = String(data.steps);
    writeText(counter, `step ${String(kept[index]).padStart(total.length)} / ${total}`);
  }

  // Python's "{:.Ng}" and "{:.Ne}" (the figure's own formats): the exponent has a sign and two digits.
  function exponentForm(mantissa, exponent) {
    return `${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  const dropZeros = (text) => (text.includes(".") ? text.replace(/\.?0+$/, "") : text);

  function generalForm(v, digits) {
    const [mantissa, exponentText] = v.toExponential(digits - 1).split("e");
    const exponent = Number(exponentText);
    if (exponent < -4 || exponent >= digits) return exponentForm(dropZeros(mantissa), exponent);
    return dropZeros(v.toFixed(Math.max(0, digits - 1 - exponent)));
  }

  // A loss as the legend writes it (animator.legend.loss_text): four significant digits, plain from
  // 10⁻³ to 10⁵, with a true minus sign.
  function lossText(v) {
    if (!Number.isFinite(v)) return "diverged";
    let text;
    if (v !== 0 && !(Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5)) {
      const [mantissa, exponent] = v.toExponential(3).split("e");
      text = exponentForm(mantissa, Number(exponent));
    } else {
      text = generalForm(v, 4);
    }
    return text.replaceAll("-", "\u2212");
  }

  // The legend's loss column: each optimizer's lowest loss over its starts not yet diverged.
  function drawLegendValues(index) {
    const values = data.legend_values;
    if (!values) return;
    const step = kept[index];
    values.texts.forEach((style, o) => {
      let lowest = null;
      for (let s = 0; s < starts; s++) {
        const at = values.diverged[o][s];
        if (at < 0 || step < at) {
          const loss = valueAt(o, s, index, 2);
          lowest = lowest === null ? loss : Math.min(lowest, loss);
        }
      }
      writeText(style, lowest === null ? "diverged" : lossText(lowest));
    });
  }

  function drawHighlight() {
    const hit = state.hovered;
    if (!hit) return;
    context.beginPath();
    context.arc(hit.x, hit.y, data.heads[0].size * 0.75, 0, 2 * Math.PI);
    context.lineWidth = 2;
    context.strokeStyle = getComputedStyle(root).getPropertyValue("--text");
    context.stroke();
  }

  function draw() {
    const scaleX = canvas.width / width;
    const scaleY = canvas.height / height;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.setTransform(scaleX, 0, 0, scaleY, 0, 0);
    const index = state.index;
    for (const panel of panels) {
      drawPanel(panel, index, data.line.width, data.line.tail, (track) => data.heads[track.s % data.heads.length]);
    }
    for (const panel of seriesPanels) {
      drawPanel(panel, index, panel.style.width, null, () => panel.style.head, panel.style.dash);
    }
    drawCounter(index);
    drawLegendValues(index);
    drawHighlight();
  }

  function fitCanvas() {
    const ratio = window.devicePixelRatio || 1;
    const box = stage.getBoundingClientRect();
    canvas.width = Math.max(1, Math.round(box.width * ratio));
    canvas.height = Math.max(1, Math.round(box.height * ratio));
    draw();
  }

  // ---- read-out ------------------------------------------------------------------------------

  // Numbers as Python's '{:.6g}' writes them, so the read-out matches the CSV's values rounded alike.
  function formatNumber(v) {
    if (Number.isNaN(v)) return "nan";
    if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
    if (v === 0) return Object.is(v, -0) ? "-0" : "0";
    const [mantissa, exponentText] = v.toExponential(5).split("e");
    const exponent = Number(exponentText);
    const trim = (text) => (text.includes(".") ? text.replace(/\.?0+$/, "") : text);
    if (exponent < -4 || exponent >= 6) {
      const digits = String(Math.abs(exponent)).padStart(2, "0");
      return `${trim(mantissa)}e${exponent < 0 ? "-" : "+"}${digits}`;
    }
    return trim(v.toFixed(5 - exponent));
  }

  function describe(o, s, k) {
    const fields = [
      ["step", String(kept[k])],
      ["x", formatNumber(valueAt(o, s, k, 0))],
      ["y", formatNumber(valueAt(o, s, k, 1))],
      ["loss", formatNumber(valueAt(o, s, k, 2))],
    ];
    return { legend: optimizers[o].legend, color: optimizers[o].color, start: starts > 1 ? s : null, fields };
  }

  function showReadout(description) {
    readout.replaceChildren();
    if (!description) {
      readout.textContent = placeholder;
      return;
    }
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = description.color;
    const name = document.createElement("b");
    name.className = "legend";
    name.textContent = description.legend;
    readout.append(swatch, name);
    if (description.start !== null) readout.append(` · start ${description.start}`);
    description.fields.forEach(([field, text], i) => {
      readout.append(i === 0 ? " · step " : `, ${field} = `);
      const value = document.createElement("span");
      value.dataset.field = field;
      value.textContent = text;
      readout.append(value);
    });
  }

  function showTooltip(description, x, y) {
    if (!description) {
      tooltip.hidden = true;
      return;
    }
    const lines = [description.legend + (description.start !== null ? `, start ${description.start}` : "")];
    for (const [field, text] of description.fields) lines.push(`${field} = ${text}`);
    tooltip.textContent = lines.join("\n");
    tooltip.style.setProperty("--accent", description.color);
    tooltip.hidden = false;
    const box = stage.getBoundingClientRect();
    const left = (x / width) * box.width;
    const top = (y / height) * box.height;
    const flipX = left > box.width * 0.6;
    const flipY = top > box.height * 0.6;
    tooltip.style.left = flipX ? "" : `${left + 14}px`;
    tooltip.style.right = flipX ? `${box.width - left + 14}px` : "";
    tooltip.style.top = flipY ? "" : `${top + 14}px`;
    tooltip.style.bottom = flipY ? `${box.height - top + 14}px` : "";
  }

  function nearest(x, y, radius) {
    let best = null;
    let bestDistance = radius * radius;
    const areas = [...panels, ...seriesPanels];
    for (const panel of areas) {
      if (!inside(panel.box, x, y)) continue;
      for (const track of panel.tracks) {
        if (!state.visible[track.o]) continue;
        const [first, last] = shownRange(track, state.index);
        for (let k = first; k <= last; k++) {
          const dx = track.pixels[2 * k] - x;
          const dy = track.pixels[2 * k + 1] - y;
          const distance = dx * dx + dy * dy;
          if (distance <= bestDistance) {
            bestDistance = distance;
            best = { o: track.o, s: track.s, k, x: track.pixels[2 * k], y: track.pixels[2 * k + 1] };
          }
        }
      }
    }
    return best;
  }

  function updateHover() {
    const pointer = state.pointer;
    const box = stage.getBoundingClientRect();
    state.hovered = pointer ? nearest(pointer[0], pointer[1], (12 * width) / box.width) : null;
    const hit = state.hovered;
    const description = hit ? describe(hit.o, hit.s, hit.k) : null;
    showTooltip(description, hit && hit.x, hit && hit.y);
    if (description) showReadout(description);
    else if (state.focused !== null) showReadout(headDescription(state.focused));
  }

  function headDescription(o) {
    const track = panels.flatMap((panel) => panel.tracks).find((t) => t.o === o && t.s === 0);
    return describe(o, 0, Math.min(state.index, Math.max(track.drawn - 1, 0)));
  }

  // ---- state changes -------------------------------------------------------------------------

  function goTo(index) {
    state.index = Math.min(Math.max(index, 0), lastIndex);
    slider.value = String(state.index);
    const text = `step ${String(kept[state.index]).padStart(String(data.steps).length)} / ${data.steps}`;
    display.textContent = text;
    slider.setAttribute("aria-valuetext", `step ${kept[state.index]} of ${data.steps}`);
    if (state.pointer || state.focused !== null) updateHover();
    draw();
  }

  function setPlaying(playing) {
    state.playing = playing;
    playButton.innerHTML = playing ? "&#10074;&#10074;" : "&#9654;";
    playButton.setAttribute("aria-label", playing ? "Pause (space)" : "Play (space)");
    if (!playing) return;
    const frames = data.frames;
    if (state.index >= frames[frames.length - 1]) state.frame = 0;
    else state.frame = Math.max(0, frames.findIndex((k) => k > state.index) - 1);
    state.lastTime = performance.now();
    state.holdUntil = 0;
    goTo(frames[Math.floor(state.frame)]);
    requestAnimationFrame(tick);
  }

  function tick(now) {
    if (!state.playing) return;
    const frames = data.frames;
    const elapsed = Math.max(0, now - state.lastTime) / 1000;
    state.lastTime = now;
    if (state.holdUntil) {
      if (now < state.holdUntil) return requestAnimationFrame(tick);
      state.holdUntil = 0;
      state.frame = 0;
    } else {
      state.frame += elapsed * data.fps * Number(speedSelect.value);
    }
    if (state.frame >= frames.length) {
      goTo(frames[frames.length - 1]);
      if (!loopBox.checked) return setPlaying(false);
      state.holdUntil = now + HOLD_AT_END_MS;
    } else {
      const index = frames[Math.floor(state.frame)];
      if (index !== state.index) goTo(index);
    }
    requestAnimationFrame(tick);
  }

  function toggle(o) {
    state.visible[o] = !state.visible[o];
    const button = toggleButtons[o];
    if (button) {
      button.setAttribute("aria-pressed", String(state.visible[o]));
      button.title = `${state.visible[o] ? "Hide" : "Show"} ${optimizers[o].legend}` + (o < 9 ? ` (key ${o + 1})` : "");
    }
    updateHover();
    draw();
  }

  // ---- controls ------------------------------------------------------------------------------

  const toggleButtons = {};
  const toggleLayer = stage.querySelector(".toggles");
  for (const entry of data.toggles) {
    const button = document.createElement("button");
    button.type = "button";
    const [left, top, boxWidth, boxHeight] = entry.box;
    Object.assign(button.style, {
      left: `${(100 * left) / width}%`,
      top: `${(100 * top) / height}%`,
      width: `${(100 * boxWidth) / width}%`,
      height: `${(100 * boxHeight) / height}%`,
    });
    button.setAttribute("aria-label", optimizers[entry.optimizer].legend);
    button.setAttribute("aria-pressed", "true");
    button.dataset.optimizer = String(entry.optimizer);
    button.title = `Hide ${optimizers[entry.optimizer].legend}` + (entry.optimizer < 9 ? ` (key ${entry.optimizer + 1})` : "");
    button.addEventListener("click", () => toggle(entry.optimizer));
    button.addEventListener("focus", () => {
      state.focused = entry.optimizer;
      showReadout(headDescription(entry.optimizer));
    });
    button.addEventListener("blur", () => {
      state.focused = null;
      showReadout(state.hovered ? describe(state.hovered.o, state.hovered.s, state.hovered.k) : null);
    });
    toggleLayer.append(button);
    toggleButtons[entry.optimizer] = button;
  }

  slider.max = String(lastIndex);
  slider.addEventListener("input", () => {
    setPlaying(false);
    goTo(Number(slider.value));
  });
  playButton.addEventListener("click", () => setPlaying(!state.playing));
  root.querySelector(".back").addEventListener("click", () => {
    setPlaying(false);
    goTo(state.index - 1);
  });
  root.querySelector(".forward").addEventListener("click", () => {
    setPlaying(false);
    goTo(state.index + 1);
  });

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    const onControl = target instanceof HTMLButtonElement || target instanceof HTMLSelectElement ||
      (target instanceof HTMLInputElement && target.type === "checkbox");
    const onSlider = target === slider;
    if (event.key === " " && !onControl) {
      setPlaying(!state.playing);
    } else if ((event.key === "ArrowLeft" || event.key === "ArrowRight") && !onSlider && !(target instanceof HTMLSelectElement)) {
      setPlaying(false);
      goTo(state.index + (event.key === "ArrowLeft" ? -1 : 1));
    } else if ((event.key === "Home" || event.key === "End") && !onSlider) {
      setPlaying(false);
      goTo(event.key === "Home" ? 0 : lastIndex);
    } else if (/^[1-9]$/.test(event.key) && Number(event.key) <= optimizers.length && !(target instanceof HTMLSelectElement)) {
      toggle(Number(event.key) - 1);
    } else {
      return;
    }
    event.preventDefault();
  });

  canvas.addEventListener("pointermove", (event) => {
    const box = stage.getBoundingClientRect();
    state.pointer = [((event.clientX - box.left) * width) / box.width, ((event.clientY - box.top) * height) / box.height];
    updateHover();
    draw();
  });
  canvas.addEventListener("pointerleave", () => {
    state.pointer = null;
    updateHover();
    draw();
  });

  fitCanvas();
  new ResizeObserver(fitCanvas).observe(stage);
  goTo(lastIndex);
  // Ready once the background is decoded, so whoever waits for it sees the whole picture.
  stage
    .querySelector("img")
    .decode()
    .catch(() => {})
    .then(() => {
      root.dataset.ready = "true";
    });
})();
