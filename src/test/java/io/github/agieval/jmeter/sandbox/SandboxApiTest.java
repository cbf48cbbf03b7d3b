package io.github.agieval.jmeter.sandbox;

/** The API contract on the default server library, Undertow. */
class SandboxApiTest extends SandboxApiContract {

    @Override
    SandboxConfig.Server server() {
        return SandboxConfig.Server.UNDERTOW;
    }
}
