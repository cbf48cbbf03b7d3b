package io.github.agieval.jmeter.sampler.gui;

import static io.github.agieval.jmeter.sampler.gui.GuiField.Section.REQUEST;

import io.github.agieval.jmeter.sampler.ApiCallSampler;
import io.github.agieval.jmeter.sampler.ApiEndpoint;
import java.util.List;
import org.apache.jmeter.testelement.TestElement;

/** GUI of {@link ApiCallSampler}: endpoint, parameters and expected status codes. */
public class ApiCallSamplerGui extends ApiSamplerGui {

    private static final long serialVersionUID = 1L;

    public ApiCallSamplerGui() {
        super();
    }

    @Override
    public String getStaticLabel() {
        return "AGI Eval API Call";
    }

    @Override
    protected TestElement newElement() {
        return new ApiCallSampler();
    }

    @Override
    protected List<GuiField> samplerFields() {
        return List.of(
                GuiField.choice(REQUEST, ApiCallSampler.ENDPOINT, "Endpoint:", ApiCallSampler.DEFAULT_ENDPOINT,
                        java.util.Arrays.stream(ApiEndpoint.values()).map(ApiEndpoint::id).toList(),
                        "health, status, profile, models, model, dashboard, datasets, benchmarks, compare, export,"
                                + " logout or custom"),
                GuiField.text(REQUEST, ApiCallSampler.PATH_PARAM, "Path parameter ({id}):", "",
                        "the model id of endpoint model, e.g. gpt-4"),
                GuiField.text(REQUEST, ApiCallSampler.QUERY, "Query string:", "",
                        "e.g. models=gpt-4,claude-3-opus (compare) or format=csv (export)"),
                GuiField.area(REQUEST, ApiCallSampler.BODY, "Body (JSON):", "",
                        "sent with POST/PUT/PATCH; empty: {} for datasets and benchmarks"),
                GuiField.text(REQUEST, ApiCallSampler.CUSTOM_METHOD, "Method (custom):", ApiCallSampler.DEFAULT_METHOD, null),
                GuiField.text(REQUEST, ApiCallSampler.CUSTOM_PATH, "Path (custom):", "", "e.g. /api/v1/something"),
                GuiField.check(REQUEST, ApiCallSampler.CUSTOM_AUTHENTICATED, "Send bearer token (custom)", true, null),
                GuiField.text(REQUEST, ApiCallSampler.EXPECTED_CODES, "Expected status codes:", "",
                        "comma-separated; empty: the endpoint's (200; 200,204 for logout; 200,201 for datasets and benchmarks)"));
    }
}
