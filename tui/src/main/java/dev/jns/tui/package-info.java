/**
 * Full-screen views of jns (Lanterna), drawn on a {@code Screen}. State, key map and view are
 * kept apart: {@link dev.jns.tui.CgtopState} (immutable, {@code apply(Action)}),
 * {@link dev.jns.tui.KeyMap} (key to {@link dev.jns.tui.Action}) and {@link dev.jns.tui.CgtopView}
 * (draws a state; no state, no I/O).
 */
package dev.jns.tui;
