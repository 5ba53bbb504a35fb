using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Doomsday.Testing.Kubernetes;

/// <summary>
/// A FAKE Kubernetes API server, in process. It is a fake because no kube-apiserver (nor kind, k3s or
/// envtest) can run on these machines; it is strict so that what passes against it would pass against
/// a real one: HTTPS on 127.0.0.1 (random port) with a serving certificate from a generated CA;
/// client-certificate authentication against a separate client CA (no or another certificate → 401
/// Status); RBAC-style 403 (<see cref="Forbid"/>, or <see cref="EnforceClusterRole"/> to allow only a
/// ClusterRole's rules); real <c>limit</c>/<c>continue</c> paging with an opaque token; <c>fieldSelector</c>
/// (metadata.name, metadata.namespace, a Secret's type, a CSR's spec.signerName, ...) and
/// <c>labelSelector</c>; namespaced and cluster-wide list paths; discovery (<c>/api</c>, <c>/apis</c>,
/// <c>/version</c>) enough for kubectl. Objects are the client's own model types, serialised with
/// <see cref="KubernetesJson"/>. Only reads exist: get and list.
/// <para>Seeding: <c>server.Add(new V1Secret { ... })</c> (namespace, name, labels from its metadata),
/// <c>server.AddCustom(FakeResource.CertManagerCertificates, jsonObject)</c>, <c>server.Forbid("secrets")</c>.
/// Connecting: <c>server.WriteKubeconfig(path)</c> writes a kubeconfig (client certificate + CA data).</para>
/// </summary>
internal sealed class FakeKubeApiServer : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<FakeResource, List<FakeObject>> _store = [];
    private readonly HashSet<FakeResource> _sorted = [];
    private readonly HashSet<(string Resource, string Verb)> _forbidden = [];
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private List<V1PolicyRule>? _rules;
    private long _resourceVersion = 1000;
    private WebApplication? _app;

    /// <summary>The CA that issued the serving certificate (kubeconfig certificate-authority-data).</summary>
    public X509Certificate2 ServerCa { get; }
    public X509Certificate2 ServingCertificate { get; }
    /// <summary>The CA client certificates must chain to.</summary>
    public X509Certificate2 ClientCa { get; }
    public int Port { get; private set; }
    public string Url => $"https://127.0.0.1:{Port}";
    public IReadOnlyCollection<FakeRequest> Requests => _requests;

    private FakeKubeApiServer(X509Certificate2? servingCertificate, X509Certificate2? serverCa)
    {
        var now = DateTimeOffset.UtcNow;
        ServerCa = serverCa ?? TestPki.CreateCa("fake-kube-apiserver-ca", now.AddDays(-1), now.AddYears(10));
        ServingCertificate = servingCertificate ?? TestPki.CreateServer("kube-apiserver", ["kubernetes", "kubernetes.default", "localhost"], now.AddDays(-1), now.AddYears(1), ServerCa);
        ClientCa = TestPki.CreateCa("fake-kube-client-ca", now.AddDays(-1), now.AddYears(10));
    }

    /// <param name="servingCertificate">Serve this chain instead of a fresh one (with its key), e.g. an expired one.</param>
    public static async Task<FakeKubeApiServer> StartAsync(X509Certificate2? servingCertificate = null, X509Certificate2? serverCa = null)
    {
        var server = new FakeKubeApiServer(servingCertificate, serverCa);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = 1024 * 1024;
            k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
            {
                https.ServerCertificate = server.ServingCertificate;
                // Accept any certificate at the TLS layer and judge it in the handler, so that a wrong
                // one is a 401 Status (as kube-apiserver answers) and not a failed handshake.
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.AllowAnyClientCertificate();
            }));
        });
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(address).Port;
        return server;
    }

    // ---------------------------------------------------------------- seeding

    /// <summary>Adds an object of one of <see cref="FakeResource.All"/>; kind and apiVersion are filled in when missing.</summary>
    public T Add<T>(T obj) where T : IKubernetesObject<V1ObjectMeta>
    {
        var resource = ResourceOf(obj);
        obj.Kind ??= resource.Kind;
        obj.ApiVersion ??= resource.GroupVersion;
        obj.Metadata ??= new V1ObjectMeta();
        obj.Metadata.ResourceVersion ??= Interlocked.Increment(ref _resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
        obj.Metadata.Uid ??= Guid.NewGuid().ToString();
        if (resource.Namespaced) obj.Metadata.NamespaceProperty ??= "default";
        Func<string, string?> field = obj switch
        {
            V1Secret s => f => f == "type" ? s.Type ?? "Opaque" : null,
            V1CertificateSigningRequest c => f => f == "spec.signerName" ? c.Spec?.SignerName : null,
            V1Pod p => f => f switch { "status.phase" => p.Status?.Phase, "spec.nodeName" => p.Spec?.NodeName, _ => null },
            V1Node n => f => f == "spec.unschedulable" ? (n.Spec?.Unschedulable == true ? "true" : "false") : null,
            V1Namespace ns => f => f == "status.phase" ? ns.Status?.Phase ?? "Active" : null,
            _ => _ => null,
        };
        Store(new FakeObject(resource, resource.Namespaced ? obj.Metadata.NamespaceProperty : null, obj.Metadata.Name ?? throw new ArgumentException("metadata.name is required"),
            (IReadOnlyDictionary<string, string>?)obj.Metadata.Labels?.AsReadOnly() ?? new Dictionary<string, string>(), field, obj));
        return obj;
    }

    /// <summary>Adds an untyped object (a custom resource such as a cert-manager Certificate).</summary>
    public void AddCustom(FakeResource resource, JsonObject obj)
    {
        var meta = obj["metadata"] as JsonObject ?? throw new ArgumentException("metadata is required");
        obj["kind"] ??= resource.Kind;
        obj["apiVersion"] ??= resource.GroupVersion;
        var ns = resource.Namespaced ? (string?)meta["namespace"] ?? "default" : null;
        if (ns is not null) meta["namespace"] = ns;
        var labels = (meta["labels"] as JsonObject)?.ToDictionary(p => p.Key, p => (string?)p.Value ?? "") ?? [];
        Store(new FakeObject(resource, ns, (string?)meta["name"] ?? throw new ArgumentException("metadata.name is required"), labels, _ => null, obj));
    }

    /// <summary>Installs the cert-manager CRD, so <c>/apis/cert-manager.io/v1</c> is served.</summary>
    public void AddCertManagerCrd() => Add(new V1CustomResourceDefinition
    {
        Metadata = new V1ObjectMeta { Name = "certificates.cert-manager.io" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = "cert-manager.io",
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames { Plural = "certificates", Singular = "certificate", Kind = "Certificate", ListKind = "CertificateList" },
            Versions = [new V1CustomResourceDefinitionVersion { Name = "v1", Served = true, Storage = true }],
        },
    });

    /// <summary>Every <paramref name="verb"/> on <paramref name="resource"/> (plural, e.g. <c>secrets</c>) answers 403.</summary>
    public void Forbid(string resource, string verb = "list")
    {
        lock (_gate) _forbidden.Add((resource, verb));
    }

    /// <summary>From now on only what these rules grant is allowed (discovery and /version stay open, as system:discovery grants).</summary>
    public void EnforceClusterRole(V1ClusterRole role)
    {
        lock (_gate) _rules = [.. role.Rules ?? []];
    }

    /// <summary>Loads the ClusterRole from a YAML file of several documents (deploy/rbac.yaml) and enforces it.</summary>
    public V1ClusterRole EnforceClusterRole(string yamlPath)
    {
        var role = LoadClusterRole(yamlPath);
        EnforceClusterRole(role);
        return role;
    }

    /// <summary>The one ClusterRole of a YAML file of several documents, through the client's own model (YAML read as kubectl does).</summary>
    public static V1ClusterRole LoadClusterRole(string yamlPath) =>
        Doomsday.Core.Sources.Cluster.YamlJson.Documents(File.ReadAllText(yamlPath))
            .Where(d => (string?)d?["kind"] == "ClusterRole")
            .Select(d => KubernetesJson.Deserialize<V1ClusterRole>(d!.ToJsonString()))
            .Single();

    // ---------------------------------------------------------------- credentials

    /// <summary>
    /// A client certificate for <paramref name="user"/> (CN) in <paramref name="groups"/> (O), from the client CA unless
    /// <paramref name="issuer"/> is given, valid from a day ago for <paramref name="lifetime"/> (default 30 days, under
    /// the 90-day warning threshold; pass more for a kubeconfig that must not be a finding itself).
    /// </summary>
    public X509Certificate2 IssueClientCertificate(string user = "doomsday", string[]? groups = null, X509Certificate2? issuer = null, TimeSpan? lifetime = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = "CN=" + user + string.Concat((groups ?? []).Select(g => ", O=" + g));
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var ca = issuer ?? ClientCa;
        var now = DateTimeOffset.UtcNow;
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var caKey = ca.GetECDsaPrivateKey()!;
        using var signed = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddDays(-1), now.Add(lifetime ?? TimeSpan.FromDays(30)), RandomNumberGenerator.GetBytes(12));
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// Writes a kubeconfig for this server: context <paramref name="context"/>, cluster CA data, and a
    /// client certificate (a fresh trusted one unless <paramref name="client"/> is given). Returns the path.
    /// </summary>
    public string WriteKubeconfig(string path, string context = "fake", X509Certificate2? client = null, string? server = null)
    {
        client ??= IssueClientCertificate();
        static string B64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
        var yaml = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {context}-cluster
              cluster:
                server: {server ?? Url}
                certificate-authority-data: {B64(ServerCa.ExportCertificatePem())}
            users:
            - name: {context}-user
              user:
                client-certificate-data: {B64(client.ExportCertificatePem())}
                client-key-data: {B64(client.GetECDsaPrivateKey()!.ExportECPrivateKeyPem())}
            contexts:
            - name: {context}
              context:
                cluster: {context}-cluster
                user: {context}-user
            current-context: {context}
            """;
        File.WriteAllText(path, yaml + "\n");
        return path;
    }

    // ---------------------------------------------------------------- serving

    private static readonly Dictionary<Type, FakeResource> TypeMap = new()
    {
        [typeof(V1Secret)] = FakeResource.Secrets,
        [typeof(V1ConfigMap)] = FakeResource.ConfigMaps,
        [typeof(V1Node)] = FakeResource.Nodes,
        [typeof(V1Pod)] = FakeResource.Pods,
        [typeof(V1Namespace)] = FakeResource.Namespaces,
        [typeof(V1Deployment)] = FakeResource.Deployments,
        [typeof(V1DaemonSet)] = FakeResource.DaemonSets,
        [typeof(V1ValidatingWebhookConfiguration)] = FakeResource.ValidatingWebhooks,
        [typeof(V1MutatingWebhookConfiguration)] = FakeResource.MutatingWebhooks,
        [typeof(V1APIService)] = FakeResource.ApiServices,
        [typeof(V1CustomResourceDefinition)] = FakeResource.Crds,
        [typeof(V1CertificateSigningRequest)] = FakeResource.Csrs,
    };

    private static FakeResource ResourceOf(object obj) =>
        TypeMap.TryGetValue(obj.GetType(), out var r) ? r : throw new ArgumentException($"the fake does not serve {obj.GetType().Name}");

    private void Store(FakeObject o)
    {
        lock (_gate)
        {
            if (!_store.TryGetValue(o.Resource, out var list)) _store[o.Resource] = list = [];
            list.Add(o);
            _sorted.Remove(o.Resource);
        }
    }

    private bool Served(FakeResource r)
    {
        if (r != FakeResource.CertManagerCertificates) return true;
        lock (_gate) return _store.TryGetValue(FakeResource.Crds, out var crds) && crds.Any(c => c.Name == "certificates.cert-manager.io");
    }

    private IEnumerable<FakeResource> ServedResources => FakeResource.All.Where(Served);

    private async Task HandleAsync(HttpContext http)
    {
        try
        {
            await RouteAsync(http);
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            // A bug in the fake: say what it was (tests print it) rather than a bare 500.
            http.Response.StatusCode = 500;
            await http.Response.WriteAsync("fake API server error: " + e);
        }
    }

    private async Task RouteAsync(HttpContext http)
    {
        var user = Authenticate(http.Connection.ClientCertificate);
        var path = http.Request.Path.Value ?? "/";
        var query = http.Request.QueryString.Value ?? "";
        if (user is null)
        {
            await StatusAsync(http, "", "", 401, "Unauthorized", "Unauthorized");
            return;
        }
        if (!HttpMethods.IsGet(http.Request.Method))
        {
            await StatusAsync(http, user, http.Request.Method, 405, "MethodNotAllowed", $"the fake API server only reads: {http.Request.Method} is not allowed");
            return;
        }
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (parts)
        {
            case ["version"]:
                await JsonAsync(http, user, "get", new VersionInfo { Major = "1", Minor = "32", GitVersion = "v1.32.0-doomsday-fake", Platform = "linux/amd64", GoVersion = "go1.23", Compiler = "gc", BuildDate = "2026-01-01T00:00:00Z", GitCommit = "fake", GitTreeState = "clean" });
                return;
            case ["api"]:
                await JsonAsync(http, user, "get", new V1APIVersions
                {
                    Kind = "APIVersions",
                    Versions = ["v1"],
                    ServerAddressByClientCIDRs = [new V1ServerAddressByClientCIDR { ClientCIDR = "0.0.0.0/0", ServerAddress = $"127.0.0.1:{Port}" }],
                });
                return;
            case ["apis"]:
                await JsonAsync(http, user, "get", new V1APIGroupList
                {
                    Kind = "APIGroupList",
                    ApiVersion = "v1",
                    Groups = ServedResources.Where(r => r.Group.Length > 0).GroupBy(r => r.Group).Select(g => new V1APIGroup
                    {
                        Name = g.Key,
                        Versions = [new V1GroupVersionForDiscovery { GroupVersion = $"{g.Key}/v1", Version = "v1" }],
                        PreferredVersion = new V1GroupVersionForDiscovery { GroupVersion = $"{g.Key}/v1", Version = "v1" },
                    }).ToList(),
                });
                return;
            case ["api", var v]:
                await ResourceListAsync(http, user, "", v);
                return;
            case ["apis", var g, var v]:
                await ResourceListAsync(http, user, g, v);
                return;
        }
        string group, version;
        ArraySegment<string> rest;
        if (parts.Length >= 3 && parts[0] == "api") { group = ""; version = parts[1]; rest = parts[2..]; }
        else if (parts.Length >= 4 && parts[0] == "apis") { group = parts[1]; version = parts[2]; rest = parts[3..]; }
        else
        {
            await StatusAsync(http, user, "get", 404, "NotFound", "the server could not find the requested resource");
            return;
        }
        string? ns = null;
        if (rest.Count >= 3 && rest[0] == "namespaces") { ns = rest[1]; rest = rest[2..]; }
        var resource = ServedResources.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == rest[0]);
        if (resource is null || rest.Count > 2 || (ns is not null && !resource.Namespaced))
        {
            await StatusAsync(http, user, "get", 404, "NotFound", "the server could not find the requested resource");
            return;
        }
        var verb = rest.Count == 2 ? "get" : http.Request.Query["watch"].ToString() is "true" or "1" ? "watch" : "list";
        if (!Allowed(resource, verb))
        {
            var scope = ns is null ? "at the cluster scope" : $"in the namespace \"{ns}\"";
            await StatusAsync(http, user, verb, 403, "Forbidden",
                $"{resource.Plural} is forbidden: User \"{user}\" cannot {verb} resource \"{resource.Plural}\" in API group \"{resource.Group}\" {scope}");
            return;
        }
        if (verb == "watch")
        {
            await StatusAsync(http, user, verb, 405, "MethodNotAllowed", "the fake API server does not implement watch");
            return;
        }
        if (verb == "get")
        {
            FakeObject? found;
            lock (_gate) found = _store.GetValueOrDefault(resource)?.FirstOrDefault(o => o.Namespace == ns && o.Name == rest[1]);
            if (found is null)
            {
                await StatusAsync(http, user, verb, 404, "NotFound", $"{resource.Plural} \"{rest[1]}\" not found");
                return;
            }
            await RawJsonAsync(http, user, verb, found.ToJson(), 1);
            return;
        }
        await ListAsync(http, user, resource, ns);
    }

    private string? Authenticate(X509Certificate2? client)
    {
        if (client is null) return null;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ClientCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        if (!chain.Build(client)) return null;
        return client.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
    }

    private bool Allowed(FakeResource resource, string verb)
    {
        lock (_gate)
        {
            if (_forbidden.Contains((resource.Plural, verb))) return false;
            if (_rules is null) return true;
            return _rules.Any(r =>
                (r.ApiGroups ?? []).Any(g => g == "*" || g == resource.Group)
                && (r.Resources ?? []).Any(x => x == "*" || x == resource.Plural)
                && (r.Verbs ?? []).Any(v => v == "*" || v == verb));
        }
    }

    private async Task ListAsync(HttpContext http, string user, FakeResource resource, string? ns)
    {
        var q = http.Request.Query;
        if (!FakeSelectors.TryParseFields(q["fieldSelector"].ToString(), resource, out var fieldMatch, out var error)
            || !FakeSelectors.TryParseLabels(q["labelSelector"].ToString(), out var labelMatch, out error))
        {
            await StatusAsync(http, user, "list", 400, "BadRequest", error!);
            return;
        }
        var limit = int.TryParse(q["limit"].ToString(), out var l) && l > 0 ? l : int.MaxValue;
        string? after = null;
        if (q["continue"].ToString() is { Length: > 0 } token)
        {
            if (!TryDecodeContinue(token, out after))
            {
                await StatusAsync(http, user, "list", 400, "BadRequest", "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
                return;
            }
        }

        List<FakeObject> page = [];
        bool more = false;
        lock (_gate)
        {
            var all = _store.GetValueOrDefault(resource) ?? [];
            if (_sorted.Add(resource)) all.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            var start = 0;
            if (after is not null)
            {
                int lo = 0, hi = all.Count;
                while (lo < hi)
                {
                    var mid = (lo + hi) / 2;
                    if (string.CompareOrdinal(all[mid].Key, after) <= 0) lo = mid + 1; else hi = mid;
                }
                start = lo;
            }
            for (var i = start; i < all.Count; i++)
            {
                var o = all[i];
                if (ns is not null && o.Namespace != ns) continue;
                if (!fieldMatch(o) || !labelMatch(o.Labels)) continue;
                if (page.Count == limit)
                {
                    more = true;
                    break;
                }
                page.Add(o);
            }
        }

        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        var counting = new CountingStream(http.Response.Body);
        await using (var w = new Utf8JsonWriter(counting))
        {
            w.WriteStartObject();
            w.WriteString("kind", resource.ListKind);
            w.WriteString("apiVersion", resource.GroupVersion);
            w.WriteStartObject("metadata");
            w.WriteString("resourceVersion", Interlocked.Read(ref _resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (more) w.WriteString("continue", EncodeContinue(page[^1].Key));
            w.WriteEndObject();
            w.WriteStartArray("items");
            foreach (var o in page)
            {
                w.WriteRawValue(o.ToJson(), skipInputValidation: true);
                if (w.BytesPending > 64 * 1024) await w.FlushAsync();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        _requests.Enqueue(new FakeRequest(user, "list", http.Request.Path.Value ?? "", http.Request.QueryString.Value ?? "", 200, page.Count, counting.Written));
    }

    private async Task ResourceListAsync(HttpContext http, string user, string group, string version)
    {
        var resources = ServedResources.Where(r => r.Group == group && r.Version == version).ToList();
        if (resources.Count == 0)
        {
            await StatusAsync(http, user, "get", 404, "NotFound", "the server could not find the requested resource");
            return;
        }
        await JsonAsync(http, user, "get", new V1APIResourceList
        {
            Kind = "APIResourceList",
            ApiVersion = "v1",
            GroupVersion = resources[0].GroupVersion,
            Resources = resources.Select(r => new V1APIResource
            {
                Name = r.Plural,
                SingularName = r.Singular,
                Namespaced = r.Namespaced,
                Kind = r.Kind,
                Verbs = ["get", "list"],
            }).ToList(),
        });
    }

    private static string EncodeContinue(string key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { v = "meta.k8s.io/v1", start = key + "\0" }))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecodeContinue(string token, out string? after)
    {
        after = null;
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            using var doc = JsonDocument.Parse(Convert.FromBase64String(b64));
            if (doc.RootElement.GetProperty("v").GetString() != "meta.k8s.io/v1") return false;
            var start = doc.RootElement.GetProperty("start").GetString();
            if (start is null || !start.EndsWith('\0')) return false;
            after = start[..^1];
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private Task JsonAsync(HttpContext http, string user, string verb, object body) => RawJsonAsync(http, user, verb, KubernetesJson.Serialize(body), 0);

    private async Task RawJsonAsync(HttpContext http, string user, string verb, string json, int items)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(bytes);
        _requests.Enqueue(new FakeRequest(user, verb, http.Request.Path.Value ?? "", http.Request.QueryString.Value ?? "", 200, items, bytes.Length));
    }

    private async Task StatusAsync(HttpContext http, string user, string verb, int code, string reason, string message)
    {
        // V1Status's converter in the client only reads (its Write throws), so the Status is written by
        // hand with exactly the fields kube-apiserver sends.
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind", "Status");
            w.WriteString("apiVersion", "v1");
            w.WriteStartObject("metadata");
            w.WriteEndObject();
            w.WriteString("status", "Failure");
            w.WriteString("message", message);
            w.WriteString("reason", reason);
            w.WriteNumber("code", code);
            w.WriteEndObject();
        }
        var bytes = buffer.ToArray();
        http.Response.StatusCode = code;
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(bytes);
        _requests.Enqueue(new FakeRequest(user, verb, http.Request.Path.Value ?? "", http.Request.QueryString.Value ?? "", code, 0, bytes.Length));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>Counts what a response writes, so tests can show that filtered objects never went over the wire.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Written { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count)
        {
            Written += count;
            inner.Write(buffer, offset, count);
        }
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            await inner.WriteAsync(buffer, cancellationToken);
        }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
