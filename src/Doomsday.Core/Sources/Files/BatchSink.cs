using Doomsday.Core.Inventory;

namespace Doomsday.Core.Sources.Files;

/// <summary>
/// Collects what the files of one batch produced, in two flat lists with a mark per file, so
/// that a batch costs a few arrays rather than a sink and two lists per file.
/// </summary>
internal sealed class BatchSink(int files) : IInventorySink
{
    private readonly List<FoundCertificate> _certificates = new(files);
    private readonly List<SourceError> _errors = [];
    private readonly int[] _certificatesEnd = new int[files];
    private readonly int[] _errorsEnd = new int[files];
    private int _file;

    public void Add(FoundCertificate certificate) => _certificates.Add(certificate);

    public void Add(SourceError error) => _errors.Add(error);

    /// <summary>Ends file number <paramref name="index"/>: what was added since the previous mark is its.</summary>
    public void EndFile(int index)
    {
        for (; _file <= index; _file++)
        {
            _certificatesEnd[_file] = _certificates.Count;
            _errorsEnd[_file] = _errors.Count;
        }
    }

    /// <summary>Passes file <paramref name="index"/>'s certificates, then its errors, on to <paramref name="sink"/>.</summary>
    public void EmitFile(int index, IInventorySink sink)
    {
        var certificatesStart = index == 0 ? 0 : _certificatesEnd[index - 1];
        var errorsStart = index == 0 ? 0 : _errorsEnd[index - 1];
        for (var i = certificatesStart; i < _certificatesEnd[index]; i++) sink.Add(_certificates[i]);
        for (var i = errorsStart; i < _errorsEnd[index]; i++) sink.Add(_errors[i]);
    }
}
