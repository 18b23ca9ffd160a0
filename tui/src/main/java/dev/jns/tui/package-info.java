/**
 * The full-screen views of jns (Lanterna), drawn on a {@code Screen}. State, key map and view are
 * kept apart: {@link dev.jns.tui.TopState} and {@link dev.jns.tui.ListState} hold what is shown
 * (immutable; {@code apply(Action)} returns the next state), {@link dev.jns.tui.KeyMap} turns a key
 * into an {@link dev.jns.tui.Action}, {@link dev.jns.tui.TopView} draws a state and nothing else,
 * and {@link dev.jns.tui.TopApp} runs the loop: input, a sampling thread, and drawing.
 * Where the rows come from is {@link dev.jns.tui.TopApp.Source}; {@code dev.jns.tui.live} reads
 * them from the core.
 */
package dev.jns.tui;
