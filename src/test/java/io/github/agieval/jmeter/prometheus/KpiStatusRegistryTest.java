package io.github.agieval.jmeter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KpiStatusRegistryTest {

    @AfterEach
    void clear() {
        KpiStatusRegistry.clear();
    }

    @Test
    void shouldReplaceSourceAndKeepItUntilClosedWhenSameKeyRegistersAgain() {
        KpiStatusBoard first = new KpiStatusBoard();
        first.update(List.of(new KpiStatus("a", KpiStatus.State.PASS, 1.0, 2.0)));
        KpiStatusRegistry.Registration old = KpiStatusRegistry.register("KPIs", first);
        KpiStatusBoard second = new KpiStatusBoard();
        second.update(List.of(new KpiStatus("b", KpiStatus.State.NO_DATA, null, null)));
        KpiStatusRegistry.Registration current = KpiStatusRegistry.register("KPIs", second);

        assertThat(KpiStatusRegistry.snapshot()).extracting(KpiStatus::kpi).containsExactly("b");
        old.close(); // the replaced registration no longer removes anything
        assertThat(KpiStatusRegistry.snapshot()).extracting(KpiStatus::kpi).containsExactly("b");
        current.close();
        assertThat(KpiStatusRegistry.snapshot()).isEmpty();
    }

    @Test
    void shouldSkipSourceWhenItThrows() {
        KpiStatusRegistry.register("bad", () -> {
            throw new IllegalStateException("boom");
        });
        KpiStatusBoard good = new KpiStatusBoard();
        good.update(List.of(new KpiStatus("ok", KpiStatus.State.PASS, 1.0, 1.0)));
        KpiStatusRegistry.register("good", good);
        assertThat(KpiStatusRegistry.snapshot()).extracting(KpiStatus::kpi).containsExactly("ok");
    }
}
