using Doomsday.Core.Configuration;
using Doomsday.Watch.Configuration;

namespace Doomsday.Watch.Tests.Configuration;

/// <summary>The client's view of a watch config: the server section only, bound by the loader's own rules.</summary>
public sealed class ServerSectionLoaderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_OtherSectionsNeedUnsetSecrets_ServerReadWithItsOwnVariable()
    {
        var file = _dir.File("doomsday.yaml", """
            notifiers:
              - {name: oncall, kind: slack, url: "${SLACK_WEBHOOK_URL}"}
            probes: [{name: x, kind: nonsense}]
            server:
              listen: 127.0.0.1:19797
              bearerToken: ${DOOMSDAY_TOKEN}
            """);

        var (server, errors) = ServerSectionLoader.Load(file, name => name == "DOOMSDAY_TOKEN" ? "s3cret-token-9f3a27c1" : null);

        Assert.Empty(errors);
        Assert.Equal(("127.0.0.1:19797", "s3cret-token-9f3a27c1"), (server!.Listen, server.BearerToken));
    }

    [Fact]
    public void Load_NoServerSection_Defaults()
    {
        var (server, errors) = ServerSectionLoader.Load(_dir.File("doomsday.yaml", "probes: []\n"), _ => null);

        Assert.Empty(errors);
        Assert.Equal(ServerOptions.DefaultListen, server!.Listen);
        Assert.Null(server.BearerToken);
    }

    [Theory]
    [InlineData("server:\n  listen: nowhere\n", "server.listen", ConfigErrorCodes.InvalidAddress)]
    [InlineData("server:\n  bearerToken: ${UNSET_TOKEN}\n", "server.bearerToken", ConfigErrorCodes.UndefinedEnv)]
    [InlineData("server:\n  listn: 127.0.0.1:9797\n", "server.listn", ConfigErrorCodes.UnknownField)]
    [InlineData("server: [1, 2]\n", "server", ConfigErrorCodes.WrongType)]
    // the record's own rule across its keys (IConfigValidated): the same refusal as `watch` and `config check`
    [InlineData("server:\n  listen: 0.0.0.0:9797\n", "server.listen", ConfigErrorCodes.InsecureListen)]
    [InlineData("server: {listen: [\n", "", ConfigErrorCodes.YamlSyntax)]
    public void Load_BadServerSection_ErrorWithFieldAndCode(string yaml, string field, string code)
    {
        var (server, errors) = ServerSectionLoader.Load(_dir.File("doomsday.yaml", yaml), _ => null);

        Assert.Null(server);
        var error = Assert.Single(errors);
        Assert.Equal((field, code), (error.Field, error.Code));
    }

    [Fact]
    public void Load_MissingFile_Unreadable()
    {
        var (server, errors) = ServerSectionLoader.Load(_dir.Combine("nope.yaml"), _ => null);

        Assert.Null(server);
        Assert.Equal((ConfigErrorCodes.Unreadable, "no such file"), (errors[0].Code, errors[0].Message));
    }
}
