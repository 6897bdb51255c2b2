package dev.latencylens.internal.provider.aws;

import dev.latencylens.internal.provider.credentials.CredentialException;
import dev.latencylens.internal.provider.credentials.Expiring;
import dev.latencylens.spi.ProviderRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * AWS Security Token Service, the two calls that turn a role into temporary credentials: {@code AssumeRole}, signed
 * with the source profile's credentials ({@code role_arn} + {@code source_profile}), and
 * {@code AssumeRoleWithWebIdentity}, unsigned, with an OIDC token (EKS IRSA, GitHub Actions OIDC, ...). Query
 * protocol: a form-encoded {@code POST} with {@code Version=2011-06-15}, answered in XML. The endpoint is
 * {@code AWS_ENDPOINT_URL_STS}, else {@code AWS_ENDPOINT_URL}, else the region's
 * {@code https://sts.{region}.amazonaws.com}
 * (the global {@code https://sts.amazonaws.com} without a region), as the AWS SDK for Java 2.x chooses it.
 * Immutable and thread-safe.
 */
final class Sts {

    private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded; charset=utf-8");

    private final AwsHttp http;
    private final URI endpoint;
    private final String region;
    private final Clock clock;

    /**
     * @param region the signing region; {@code us-east-1} for the global endpoint
     */
    Sts(AwsHttp http, URI endpoint, String region, Clock clock) {
        this.http = http;
        this.endpoint = endpoint;
        this.region = region;
        this.clock = clock;
    }

    /** The endpoint for {@code region} (null: the global one), unless a variable overrides it. */
    static URI endpoint(dev.latencylens.spi.ProviderSettings settings, String region) {
        for (String variable : new String[] {"AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"}) {
            String configured = settings.env(variable);
            if (configured != null) {
                return dev.latencylens.spi.Endpoint.parseHttpUrl(configured).orElseThrow(() ->
                        new IllegalArgumentException(variable + " is not an http(s) URL: '" + configured + "'"));
            }
        }
        return URI.create(region == null ? "https://sts.amazonaws.com" : "https://sts." + region + ".amazonaws.com");
    }

    /** Temporary credentials for {@code roleArn}, asked for with {@code source}'s. */
    Expiring<AwsCredentials> assumeRole(AwsCredentials source, String roleArn, String sessionName,
                                        Map<String, String> options) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", "AssumeRole");
        form.put("Version", "2011-06-15");
        form.put("RoleArn", roleArn);
        form.put("RoleSessionName", sessionName);
        form.putAll(options);
        byte[] body = encode(form);
        ProviderRequest signed = new SigV4Signer(source, region, "sts", clock).sign(ProviderRequest.post(endpoint,
                body).withHeader("Content-Type", FORM.toString()));
        Request.Builder request = new Request.Builder().url(endpoint.toString()).post(RequestBody.create(body, FORM));
        signed.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Type")) {
                request.header(name, value);
            }
        });
        return call(request.build(), "AssumeRole of " + roleArn);
    }

    /** Temporary credentials for {@code roleArn}, asked for with the OIDC token {@code webIdentityToken}. */
    Expiring<AwsCredentials> assumeRoleWithWebIdentity(String roleArn, String sessionName, String webIdentityToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", "AssumeRoleWithWebIdentity");
        form.put("Version", "2011-06-15");
        form.put("RoleArn", roleArn);
        form.put("RoleSessionName", sessionName);
        form.put("WebIdentityToken", webIdentityToken);
        return call(new Request.Builder().url(endpoint.toString()).post(RequestBody.create(encode(form), FORM))
                .build(), "AssumeRoleWithWebIdentity of " + roleArn);
    }

    private Expiring<AwsCredentials> call(Request request, String what) {
        String where = "STS " + what + " at " + endpoint;
        AwsHttp.Answer answer;
        try {
            answer = http.send(request);
        } catch (IOException e) {
            throw new CredentialException(where + " could not be reached: " + e.getMessage(), e);
        }
        Document xml = parse(answer.body());
        if (!answer.ok()) {
            String code = xml == null ? null : first(xml, "Code");
            String message = xml == null ? null : first(xml, "Message");
            throw new CredentialException(where + " answered HTTP " + answer.status()
                    + (code == null ? "" : ": " + code) + (message == null ? "" : ": " + message));
        }
        if (xml == null) {
            throw new CredentialException(where + " answered something that is not XML");
        }
        return AwsHttp.credentials(first(xml, "AccessKeyId"), first(xml, "SecretAccessKey"),
                first(xml, "SessionToken"), AwsHttp.instant(first(xml, "Expiration"), where), where);
    }

    private static byte[] encode(Map<String, String> form) {
        StringBuilder s = new StringBuilder();
        form.forEach((k, v) -> s.append(s.length() == 0 ? "" : "&").append(SigV4Signer.uriEncode(k)).append('=')
                .append(SigV4Signer.uriEncode(v)));
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Document parse(String body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(false);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return null;
        }
    }

    private static String first(Document xml, String element) {
        NodeList nodes = xml.getElementsByTagName(element);
        if (nodes.getLength() == 0) {
            return null;
        }
        String text = ((Element) nodes.item(0)).getTextContent();
        return text == null || text.isBlank() ? null : text.strip();
    }

    @Override
    public String toString() {
        return "Sts[" + endpoint + "]";
    }
}
