using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Sources.Kubeconfig;

namespace Doomsday.Core.Doctor;

/// <summary>A kubeconfig cluster's <c>server</c>, and what it served when doctor shook hands with it.</summary>
public sealed record KubeconfigServer(KubeconfigDocument Kubeconfig, KubeconfigCluster Cluster, TlsHandshakeResult Result);
