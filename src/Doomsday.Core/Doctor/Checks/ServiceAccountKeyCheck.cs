using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using System.Text;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Formats;
using Doomsday.Core.Sources.Files;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// Seed 003: service-account tokens are signed with one key and verified with others. kube-apiserver
/// signs with <c>--service-account-signing-key-file</c> and verifies with every key in every
/// <c>--service-account-key-file</c> (a repeatable flag; a file may hold several PEM keys, private or
/// public, or certificates); kube-controller-manager signs legacy token Secrets with
/// <c>--service-account-private-key-file</c>. A signer whose public key is not among the verification
/// keys issues tokens the API server rejects. kubeadm points all of them at <c>pki/sa.key</c> and
/// <c>pki/sa.pub</c>; without manifests, that pair is compared. One finding per node, listing each
/// signer that fails. Keys are compared by a hash of their public half (<see cref="KeyIdentity"/>);
/// nothing private is kept or printed.
/// </summary>
internal sealed class ServiceAccountKeyCheck : IDoctorCheck
{
    // Runbook steps written in this file are specific to its findings (their objects, flags and evidence); steps about a
    // component (a static pod, the kubelet, kubeadm, a kubeconfig, the cluster API) come from the runbook library, Doctor/Runbooks.

    private const string SaKey = "/etc/kubernetes/pki/sa.key";
    private const string SaPub = "/etc/kubernetes/pki/sa.pub";

    public string Name => "service-account-keys";

    public IReadOnlyList<FindingDeclaration> Emits { get; } = FindingDeclaration.Local(FindingIds.ServiceAccountKeyMismatch);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        if (inputs.Layout is null) return;
        var api = inputs.Manifest("kube-apiserver");
        var kcm = inputs.Manifest("kube-controller-manager");
        var signers = new List<(string Who, string File)>();
        IReadOnlyList<string> verifiers;
        if (api is not null)
        {
            verifiers = api.FlagValues("--service-account-key-file");
            // Unset, kube-apiserver verifies with its serving key (--tls-private-key-file); kubeadm always sets it.
            if (verifiers.Count == 0 && api.Flag("--tls-private-key-file") is { } tlsKey) verifiers = [tlsKey];
            if (api.Flag("--service-account-signing-key-file") is { } signing) signers.Add(("kube-apiserver --service-account-signing-key-file", signing));
        }
        else
        {
            if (!File.Exists(inputs.Layout.Map(SaKey)) || !File.Exists(inputs.Layout.Map(SaPub))) return;
            verifiers = [SaPub];
            signers.Add(("pki/sa.key", SaKey));
        }
        if (kcm?.Flag("--service-account-private-key-file") is { } legacy) signers.Add(("kube-controller-manager --service-account-private-key-file", legacy));
        if (signers.Count == 0 || verifiers.Count == 0) return;

        var verifying = new Dictionary<string, string>(StringComparer.Ordinal); // key id -> file
        foreach (var file in verifiers)
        {
            if (!TryReadKeys(inputs, file, out var ids, out var problem))
            {
                report.Skip(Name, "service-account keys", $"{file}: {problem}");
                return;
            }
            foreach (var id in ids) verifying.TryAdd(id, file);
        }

        var failing = new List<(string Who, string File, string Id)>();
        var read = new Dictionary<string, string?>(StringComparer.Ordinal); // signing file -> its key id (null: unreadable, reported once)
        foreach (var (who, file) in signers)
        {
            if (!read.TryGetValue(file, out var id))
            {
                if (TryReadKeys(inputs, file, out var ids, out var problem)) id = ids[0];
                else report.Skip(Name, "service-account keys", $"{file}: {problem}");
                read[file] = id;
            }
            if (id is not null && !verifying.ContainsKey(id)) failing.Add((who, file, id));
        }
        if (failing.Count == 0) return;
        report.Add(Mismatch(inputs, verifiers, verifying, failing));
    }

    private static Finding Mismatch(DoctorInputs inputs, IReadOnlyList<string> verifiers, Dictionary<string, string> verifying,
        List<(string Who, string File, string Id)> failing)
    {
        var evidence = new List<Evidence>();
        foreach (var (who, file, id) in failing) evidence.Add(new Evidence("signs tokens", $"{who} = {file} (public key {id})"));
        foreach (var (id, file) in verifying) evidence.Add(new Evidence("verifies tokens", $"{file} (public key {id})"));

        var signingFile = failing[0].File;
        var steps = new List<RunbookStep>
        {
            new($"{Components.OnNode(inputs)}: compare the public key of the signing key with the verification key (the two digests differ now)",
                $"sudo openssl pkey -in {signingFile} -pubout | openssl sha256; sudo openssl pkey -pubin -in {verifiers[0]} -pubout | openssl sha256", RunOn.ThisNode),
            new("Every control-plane node must hold the same service-account key pair: run this on each and compare, then copy the pair from a node " +
                "where the two digests above match, if one exists", $"sudo sha256sum {signingFile} {verifiers[0]}", RunOn.EachControlPlane),
            new("Back up the keys", $"sudo cp -a {signingFile} {signingFile}.bak.$(date +%F-%H%M%S); sudo cp -a {verifiers[0]} {verifiers[0]}.bak.$(date +%F-%H%M%S)", RunOn.ThisNode),
        };
        if (verifiers.Count == 1 && failing.All(f => f.File == signingFile))
        {
            steps.Add(new($"Or, on a single control-plane node, derive the verification key from the signing key (tokens signed with the old key stop working; pods get new ones within the hour)",
                $"sudo openssl pkey -in {signingFile} -pubout -out {verifiers[0]}", RunOn.ThisNode));
        }
        steps.Add(new("kube-apiserver and kube-controller-manager read these keys only at start: restart both"));
        steps.AddRange(StaticPods.Restart("kube-apiserver"));
        if (inputs.Manifest("kube-controller-manager") is not null) steps.AddRange(StaticPods.Restart("kube-controller-manager"));

        return new Finding(FindingIds.ServiceAccountKeyMismatch, FindingSeverity.Critical, "service-account keys",
            $"{string.Join(" and ", failing.Select(f => f.Who))} {(failing.Count == 1 ? "signs" : "sign")} service-account tokens with a key whose public half is not in " +
            $"{string.Join(", ", verifiers)}: the API server rejects those tokens (401), so pods and controllers that use service accounts fail",
            evidence,
            new Runbook(steps,
            [
                new("The two digests must now be equal", $"sudo openssl pkey -in {signingFile} -pubout | openssl sha256; sudo openssl pkey -pubin -in {verifiers[0]} -pubout | openssl sha256", RunOn.ThisNode),
                Verify.Rerun(),
            ]));
    }

    /// <summary>The public-key identities of every key or certificate in a PEM file, in order.</summary>
    private static bool TryReadKeys(DoctorInputs inputs, string written, out List<string> ids, out string? problem)
    {
        ids = [];
        var path = inputs.Layout?.Map(written) ?? written;
        if (!FileReader.TryRead(path, 1024 * 1024, out var content, out var reason, out var message))
        {
            problem = $"{reason}: {message}";
            return false;
        }
        var text = Encoding.ASCII.GetString(content).AsSpan();
        problem = null;
        while (PemEncoding.TryFind(text, out var fields))
        {
            var label = text[fields.Label].ToString();
            var data = text[fields.Base64Data].ToString();
            text = text[fields.Location.End..];
            byte[] der;
            try
            {
                der = Convert.FromBase64String(data);
            }
            catch (FormatException)
            {
                continue; // TryFind checked the base64 already; kept for safety
            }
            var id = label switch
            {
                "PUBLIC KEY" => KeyIdentity.FromSubjectPublicKeyInfo(der),
                "RSA PUBLIC KEY" => RsaPublic(der),
                "CERTIFICATE" => FromCertificate(der),
                "RSA PRIVATE KEY" or "EC PRIVATE KEY" or "PRIVATE KEY" => KeyIdentity.FromPrivateKey(der, label).Id,
                _ => null,
            };
            if (id is not null) ids.Add(id);
        }
        if (ids.Count == 0) problem = "no RSA or ECDSA key found in it";
        return ids.Count > 0;
    }

    private static string? RsaPublic(byte[] pkcs1)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportRSAPublicKey(pkcs1, out _);
            return KeyIdentity.FromSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo());
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static string? FromCertificate(byte[] der)
    {
        try
        {
            using var cert = X509CertificateLoader.LoadCertificate(der);
            return KeyIdentity.FromSubjectPublicKeyInfo(cert.PublicKey.ExportSubjectPublicKeyInfo());
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
