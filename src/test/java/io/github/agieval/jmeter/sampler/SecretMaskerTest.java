package io.github.agieval.jmeter.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretMaskerTest {

    @Test
    void shouldMaskBearerTokenButKeepSchemeAndOtherHeaders() {
        String headers = "Connection: keep-alive\nAuthorization: Bearer eyJ.abc.def\nAccept: application/json\n";
        assertThat(SecretMasker.maskHeaders(headers))
                .isEqualTo("Connection: keep-alive\nAuthorization: Bearer ***\nAccept: application/json\n");
    }

    @Test
    void shouldMaskEveryAuthorizationHeaderWhateverItsCaseAndScheme() {
        String headers = "authorization: Basic dXNlcjpwYXNz\r\nProxy-Authorization: secretvalue\r\nX-A: b\r\n";
        assertThat(SecretMasker.maskHeaders(headers))
                .isEqualTo("authorization: Basic ***\r\nProxy-Authorization: ***\r\nX-A: b\r\n");
    }

    @Test
    void shouldMaskWholeValueWhenSingleWordCredentialHasTrailingWhitespace() {
        assertThat(SecretMasker.maskHeaders("Authorization: abc123 \nAccept: */*"))
                .isEqualTo("Authorization: ***\nAccept: */*");
        assertThat(SecretMasker.maskHeaders("Authorization: abc123\t\r\nX: y"))
                .isEqualTo("Authorization: ***\r\nX: y");
        assertThat(SecretMasker.maskHeaders("Authorization: Bearer  tok \n"))
                .isEqualTo("Authorization: Bearer ***\n");
    }

    @Test
    void shouldReturnSameInstanceWhenNoAuthorizationHeader() {
        String headers = "Accept: application/json\n";
        assertThat(SecretMasker.maskHeaders(headers)).isSameAs(headers);
        assertThat(SecretMasker.maskHeaders(null)).isNull();
    }

    @Test
    void shouldMaskSecretJsonFieldsIncludingEscapedQuotes() {
        String json = "{\"username\":\"alice\",\"password\":\"p\\\"w\",\"x\":1}";
        assertThat(SecretMasker.maskJson(json)).isEqualTo("{\"username\":\"alice\",\"password\":\"***\",\"x\":1}");
        String token = "{\"access_token\" : \"tok-123\", \"token_type\":\"bearer\",\"expires_in\":3600}";
        assertThat(SecretMasker.maskJson(token))
                .isEqualTo("{\"access_token\" : \"***\", \"token_type\":\"bearer\",\"expires_in\":3600}");
    }

    @Test
    void shouldLeaveJsonWithoutSecretsUntouched() {
        String json = "{\"job_id\":\"j-1\",\"status\":\"queued\"}";
        assertThat(SecretMasker.maskJson(json)).isSameAs(json);
    }

    @Test
    void shouldLeaveEvaluationRequestUntouchedWhenOnlyMaxTokensLooksLikeAToken() {
        String json = "{\"model\":\"gpt-4\",\"prompts\":[\"a token of thanks\"],"
                + "\"config\":{\"temperature\":0.7,\"max_tokens\":1000,\"timeout\":30}}";
        assertThat(SecretMasker.maskJson(json)).isSameAs(json);
    }

    @Test
    void shouldStillMaskEverySecretFieldNextToMaxTokens() {
        String json = "{\"max_tokens\":5,\"token\":\"a\",\"id_token\":\"b\",\"refresh_token\":\"c\","
                + "\"client_secret\":\"d\",\"password\":\"e\"}";
        assertThat(SecretMasker.maskJson(json)).isEqualTo("{\"max_tokens\":5,\"token\":\"***\",\"id_token\":\"***\","
                + "\"refresh_token\":\"***\",\"client_secret\":\"***\",\"password\":\"***\"}");
    }

    @Test
    void shouldMaskHeadersExactlyAsTheRegexRuleWhenGivenRandomHeaderText() {
        String[] parts = {"Authorization:", "authorization:", "PROXY-AUTHORIZATION:", "Proxy-Authorization:", "proxy-",
            "Content-Type: application/json", " ", "  ", "\t", "\n", "\r\n", "\r", "\u0085", "\u2028", "\u000B", "\f",
            "Bearer", "Basic", "abc.def-123", "x", ":", "X-Authorization: v", "é"};
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(12); k > 0; k--) {
                text.append(parts[random.nextInt(parts.length)]);
            }
            String h = text.toString();
            java.util.regex.Matcher m = SecretMasker.AUTH_HEADER.matcher(h);
            StringBuilder expected = new StringBuilder();
            while (m.find()) {
                String scheme = m.group(2);
                m.appendReplacement(expected, java.util.regex.Matcher.quoteReplacement(
                        m.group(1) + (scheme == null ? "" : scheme + " ") + SecretMasker.MASK));
            }
            m.appendTail(expected);
            assertThat(SecretMasker.maskHeaders(h)).as("%s", h.replace("\n", "\\n").replace("\r", "\\r"))
                    .isEqualTo(expected.toString());
        }
    }
}
