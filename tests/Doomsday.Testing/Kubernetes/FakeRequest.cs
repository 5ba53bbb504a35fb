namespace Doomsday.Testing.Kubernetes;

/// <summary>One request the fake answered: what was asked, the status, how many objects and bytes went back.</summary>
internal sealed record FakeRequest(string User, string Verb, string Path, string Query, int Status, int Items, long Bytes);
