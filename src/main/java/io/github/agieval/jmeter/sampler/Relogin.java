package io.github.agieval.jmeter.sampler;

import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.threads.JMeterVariables;

/**
 * The answer to an expired token: the 401 is kept as the expected part of the protocol, the
 * session logs in again with the credentials it remembers, and the request is sent once more.
 * The result is a parent sample labelled as the sampler, holding the final answer, with the
 * sub-results {@code <label> (token expired)}, {@code <login label> (re-login)} and
 * {@code <label> (retry)} in the order they happened (see {@link ApiSampler}).
 *
 * <p>Threading: static; runs on the thread of the sampler clone it is given, with that thread's
 * {@link AuthSession}.
 */
final class Relogin {

    private Relogin() {
    }

    static SampleResult afterExpiredToken(ApiSampler sampler, ApiRequest request, Exchange first,
            AuthSession session, JMeterVariables vars) {
        String name = sampler.getName();
        HTTPSampleResult expired = first.result;
        expired.setSampleLabel(name + ApiSampler.LABEL_EXPIRED);
        expired.setResponseMessage(expired.getResponseMessage() + " (token expired: re-login and retry follow)");
        expired.setSuccessful(true);

        Exchange login = sampler.exchange(
                ApiContract.loginRequest(session.username(), session.password(), session.loginPath()),
                null, session.loginLabel() + ApiSampler.LABEL_RELOGIN);
        String loginFailure = ApiContract.checkLogin(login);

        HTTPSampleResult parent = new HTTPSampleResult();
        parent.setSampleLabel(name);
        parent.setStampAndTime(expired.getStartTime(), 0);
        parent.addSubResult(expired, false);
        parent.addSubResult(login.result, false);
        if (loginFailure != null) {
            ApiResults.fail(login.result, loginFailure);
            AuthSession.end(vars);
            ApiResults.copyAnswer(login.result, parent, expired.getStartTime());
            return sampler.finish(parent, "token expired (401) and the re-login failed: " + loginFailure, vars);
        }
        session.renew(login.field(ApiSampler.ACCESS_TOKEN));
        Exchange retry = sampler.exchange(request, session.token(), name + ApiSampler.LABEL_RETRY);
        parent.addSubResult(retry.result, false);
        ApiResults.copyAnswer(retry.result, parent, expired.getStartTime());
        String failure = sampler.checkAndExport(retry, expired.getStartTime(), vars);
        if (failure != null) {
            ApiResults.fail(retry.result, failure);
            failure = failure + " (after re-login)";
        }
        return sampler.finish(parent, failure, vars);
    }
}
