package io.github.agieval.jmeter.sampler;

import java.net.URL;
import org.apache.jmeter.protocol.http.sampler.HTTPHC4Impl;
import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.protocol.http.sampler.HTTPSamplerBase;

/**
 * JMeter's own HttpClient 4 implementation ({@link HTTPHC4Impl}, the one behind the stock HTTP
 * Request), opened up for samplers that extend {@link HTTPSamplerBase}: {@code HTTPSamplerProxy}
 * is final and {@code HTTPHC4Impl.sample} is protected, so this subclass exposes it.
 *
 * <p>Everything the stock sampler gets from HttpClient 4 comes along unchanged: HTTP Request
 * Defaults, Header/Cookie/Auth/Cache/DNS managers (read from the sampler), connect and response
 * time-outs, keep-alive, the per-thread connection pool (HTTPHC4Impl keeps it in a thread-local
 * shared with every stock HTTP Request of the same thread), and the {@link HTTPSampleResult}
 * fields (code, headers, bytes, connect time, latency).
 *
 * <p>Threading: one instance per sampler clone, that is per JMeter thread, like the
 * implementation object of {@code HTTPSamplerProxy}.
 */
final class Hc4Bridge extends HTTPHC4Impl {

    Hc4Bridge(HTTPSamplerBase sampler) {
        super(sampler);
    }

    /** Sends one request as HTTP Request would, following redirects as the sampler says. */
    public HTTPSampleResult execute(URL url, String method) {
        return sample(url, method, false, 0);
    }

    /** The sampler's {@code sample(URL, method, areFollowingRedirect, depth)}, for redirects. */
    public HTTPSampleResult execute(URL url, String method, boolean areFollowingRedirect, int depth) {
        return sample(url, method, areFollowingRedirect, depth);
    }

    /** Closes the thread's connections (the sampler's {@code threadFinished}). */
    public void endThread() {
        threadFinished();
    }

    /** Lets the implementation reset state per iteration (the sampler's {@code testIterationStart}). */
    public void newIteration() {
        notifyFirstSampleAfterLoopRestart();
    }
}
