package io.github.agieval.jmeter.sandbox;

/**
 * The public API's behaviour, independent of the HTTP library: takes a matched {@link Route}, the
 * bearer token and the body, checks the token of authenticated routes and dispatches to the route
 * family that answers with a {@link Reply}: {@link AuthRoutes}, {@link CatalogRoutes},
 * {@link JobRoutes}, {@link WorkspaceRoutes} (request parsing in {@link RequestFields}). Fault
 * injection, body limits, latency and counting happen in the transport around it.
 *
 * <p>Threading: stateless apart from the thread-safe stores it is given; called concurrently from
 * every request thread.
 */
final class SandboxApi {

    private final SandboxState state;
    private final AuthRoutes auth;
    private final CatalogRoutes catalog;
    private final JobRoutes jobs;
    private final WorkspaceRoutes workspace;

    SandboxApi(SandboxState state) {
        this.state = state;
        this.auth = new AuthRoutes(state);
        this.catalog = new CatalogRoutes(state);
        this.jobs = new JobRoutes(state);
        this.workspace = new WorkspaceRoutes(state);
    }

    /** A request as the API sees it. {@code body} is null for requests without one. */
    record Call(Route route, String param, String query, String authorization, byte[] body) {
    }
    Reply handle(Call c) {
        TokenStore.Session session = null;
        if (c.route().authenticated()) {
            String token = AuthRoutes.bearer(c.authorization());
            session = state.tokens.session(token);
            if (session == null) {
                return AuthRoutes.unauthorized(state.tokens.check(token));
            }
        }
        switch (c.route()) {
            case HEALTH:
                return catalog.health();
            case LOGIN:
                return auth.login(c.body());
            case LOGOUT:
                return auth.logout(c.authorization());
            case STATUS:
                return catalog.status();
            case PROFILE:
                return auth.profile(session);
            case MODELS:
                return catalog.models();
            case MODEL:
                return catalog.model(c.param());
            case EVALUATE:
                return jobs.evaluate(session, c.body());
            case JOB:
                return jobs.job(session, c.param());
            case JOB_RESULTS:
                return jobs.results(session, c.param());
            case DASHBOARD:
                return workspace.dashboard(session);
            case DATASETS_LIST:
                return workspace.datasets(session);
            case DATASETS_CREATE:
                return workspace.createDataset(session, c.body());
            case BENCHMARKS_LIST:
                return workspace.benchmarks(session);
            case BENCHMARKS_CREATE:
                return workspace.createBenchmark(session, c.body());
            case COMPARE:
                return catalog.compare(c.query());
            case EXPORT:
                return workspace.export(session, c.query());
            default:
                return Reply.error(404, "not_found", "no route for " + c.route().template());
        }
    }
}
