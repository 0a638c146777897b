package io.sluice.detect.dns;

import java.util.Set;

/**
 * Public suffixes under which the provider, not the customer, makes up the registered label:
 * CloudFront distributions ({@code d1a2b3c4d5e6f7.cloudfront.net}), API Gateway and Lambda function
 * URLs ({@code abc123xyz.execute-api.us-east-1.amazonaws.com},
 * {@code …lambda-url.us-east-1.on.aws}), Cloud Run services ({@code svc-6nwaonxexq-el.a.run.app}),
 * Cloudflare R2 public buckets ({@code pub-<hash>.r2.dev}) and Supabase projects
 * ({@code <ref>.supabase.co}). The label there is random by construction and cannot be chosen, so
 * no domain generation algorithm can produce it: {@link DgaScorer} does not score such names (0).
 *
 * <p>Found in the real web-infrastructure names the DGA trainer reads ({@link WebDomains}): these
 * suffixes held most of the random-looking labels in the third-party-web and EasyPrivacy lists.
 * Customer-chosen hosting names ({@code foo.herokuapp.com}, S3 bucket names) are scored as usual.
 */
final class AssignedLabels {
    private static final Set<String> SUFFIXES = Set.of("cloudfront.net", "r2.dev", "supabase.co", "a.run.app");

    private AssignedLabels() {}

    /** Whether the provider makes up the label registered under {@code suffix}. */
    static boolean isAssigned(String suffix) {
        if (SUFFIXES.contains(suffix)) return true;
        // execute-api.REGION.amazonaws.com and lambda-url.REGION.on.aws, one suffix per region
        return suffix.startsWith("execute-api.") && suffix.endsWith(".amazonaws.com")
                || suffix.startsWith("lambda-url.") && suffix.endsWith(".on.aws");
    }
}
