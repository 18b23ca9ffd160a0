package dev.jns.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark harness (run by bench/render.sh, not a test): time to draw one frame of the cgroup
 * view, state to screen with a delta refresh, on a 200x60 virtual terminal with N rows, the
 * selection moving every frame. Prints the median and the 95th percentile over many frames.
 */
public final class RenderBench {
    private RenderBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        List<Row> rows = new ArrayList<>(n);
        rows.add(Rows.row("/", n, 50.0, 8L << 30));
        for (int i = 1; i < n; i++) {
            rows.add(Rows.row("/system.slice/unit-" + i + ".service", i % 97, (i * 7 % 1000) / 10.0, (long) i << 20));
        }
        DefaultVirtualTerminal term = new DefaultVirtualTerminal(new TerminalSize(200, 60));
        Screen screen = new TerminalScreen(term);
        screen.startScreen();
        java.util.Map<ViewId, ListState> lists = new java.util.EnumMap<>(ViewId.class);
        for (ViewId v : ViewId.values()) {
            lists.put(v, ListState.of(Rows.CGROUP_COLUMNS, 2, true));
        }
        TopState state = TopState.initial(ViewId.CGROUPS, lists, 1000).withRows(ViewId.CGROUPS, rows);
        long[] t = new long[frames];
        int page = TopView.pageRows(screen.getTerminalSize());
        for (int i = 0; i < frames + 500; i++) {
            state = state.apply(Action.of(i % 200 < 100 ? Action.Kind.DOWN : Action.Kind.UP), page);
            long t0 = System.nanoTime();
            TopView.draw(state, screen.newTextGraphics(), screen.getTerminalSize(), "bench host | v2", true);
            screen.refresh(Screen.RefreshType.DELTA);
            long dt = System.nanoTime() - t0;
            if (i >= 500) {
                t[i - 500] = dt; // the first 500 frames warm the JIT up
            }
        }
        screen.stopScreen();
        Arrays.sort(t);
        System.out.printf("rows=%d frames=%d median_ms=%.3f p95_ms=%.3f max_ms=%.3f%n", n, frames,
                t[frames / 2] / 1e6, t[(int) (frames * 0.95)] / 1e6, t[frames - 1] / 1e6);
    }
}
