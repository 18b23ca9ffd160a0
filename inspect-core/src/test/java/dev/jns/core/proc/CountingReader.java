package dev.jns.core.proc;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link RecordedFacts.Reader} that finds nothing and counts how often it was asked (registered in the test resources). */
public final class CountingReader implements RecordedFacts.Reader {
    static final AtomicInteger ASKED = new AtomicInteger();

    @Override
    public Optional<RecordedFacts> read(Path procRoot) {
        ASKED.incrementAndGet();
        return Optional.empty();
    }
}
