package io.github.agieval.jmeter.poll;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleListener;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testelement.AbstractTestElement;

/** A sample listener placed in the test tree that keeps every sample it is given, in order. */
class CollectingListener extends AbstractTestElement implements SampleListener {

    private static final long serialVersionUID = 1L;

    final transient List<SampleEvent> events = new ArrayList<>();

    @Override
    public void sampleOccurred(SampleEvent e) {
        events.add(e);
    }

    @Override
    public void sampleStarted(SampleEvent e) {
    }

    @Override
    public void sampleStopped(SampleEvent e) {
    }

    List<SampleResult> results() {
        return events.stream().map(SampleEvent::getResult).collect(Collectors.toList());
    }

    List<String> labels() {
        return results().stream().map(SampleResult::getSampleLabel).collect(Collectors.toList());
    }

    List<SampleResult> withLabel(String label) {
        return results().stream().filter(r -> label.equals(r.getSampleLabel())).collect(Collectors.toList());
    }
}
