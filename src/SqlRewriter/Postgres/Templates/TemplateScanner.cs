namespace MaskingProxy.SqlRewriter.Postgres.Templates;

/// <summary>
/// The small part of PostgreSQL's lexer (scan.l) that <see cref="LiteralTemplate"/> needs: comments
/// (nested <c>/* */</c>), quoted identifiers, plain strings, numbers, words, operators and parentheses.
/// Anything it does not fully understand makes the text ineligible rather than guessed at.
/// </summary>
internal ref struct TemplateScanner
{
    private readonly ReadOnlySpan<char> _sql;
    private readonly List<(int Start, int Length)> _literals = [];
    private readonly Stack<bool> _lists = new();
    private Token _previous;
    private string? _previousWord;
    private int _position;

    public TemplateScanner(string sql)
    {
        _sql = sql;
    }

    private enum Token
    {
        None,
        Word,
        Operator,
        OpenParen,
        Comma,
        Other,
    }

    /// <summary>The literals to replace, in text order; null when the text is not eligible.</summary>
    public List<(int Start, int Length)>? Run()
    {
        while (_position < _sql.Length)
        {
            var c = _sql[_position];
            if (char.IsWhiteSpace(c))
            {
                _position++;
            }
            else if (c == '-' && Peek(1) == '-')
            {
                SkipLineComment();
            }
            else if (c == '/' && Peek(1) == '*')
            {
                if (!SkipBlockComment())
                {
                    return null;
                }
            }
            else if (c == '"')
            {
                if (!SkipQuoted('"'))
                {
                    return null;
                }
                Set(Token.Word, null);
            }
            else if (c == '\'')
            {
                if (_position > 0 && (IsWordChar(_sql[_position - 1]) || _sql[_position - 1] == '&'))
                {
                    return null; // E'', U&'', B'', X'', N'': escapes and encodings this scanner does not model
                }
                var start = _position;
                if (!SkipQuoted('\''))
                {
                    return null;
                }
                _literals.Add((start, _position - start));
                Set(Token.Other, null);
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
            {
                if (!ScanNumber())
                {
                    return null;
                }
            }
            else if (IsWordStart(c))
            {
                var start = _position;
                while (_position < _sql.Length && IsWordChar(_sql[_position]))
                {
                    _position++;
                }
                Set(Token.Word, _sql[start.._position].ToString().ToUpperInvariant());
            }
            else if (c == '(')
            {
                _lists.Push(OpensValueList());
                _position++;
                Set(Token.OpenParen, null);
            }
            else if (c == ')')
            {
                if (_lists.Count == 0)
                {
                    return null;
                }
                _lists.Pop();
                _position++;
                Set(Token.Other, null);
            }
            else if (c == ',')
            {
                _position++;
                Set(Token.Comma, null);
            }
            else if (IsOperatorChar(c))
            {
                while (_position < _sql.Length && IsOperatorChar(_sql[_position]) &&
                       !(_sql[_position] == '-' && Peek(1) == '-') && !(_sql[_position] == '/' && Peek(1) == '*'))
                {
                    _position++;
                }
                Set(Token.Operator, null);
            }
            else
            {
                _position++;
                Set(Token.Other, null);
            }
        }
        return _literals;
    }

    private static bool IsWordStart(char c) => char.IsAsciiLetter(c) || c == '_' || c >= '\u0080';

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$' || c >= '\u0080';

    private static bool IsOperatorChar(char c) => c is '+' or '-' or '*' or '/' or '<' or '>' or '=' or '~' or '!' or '@' or '#' or '%' or '^' or '&' or '|' or '`' or '?';

    private readonly char Peek(int ahead) => _position + ahead < _sql.Length ? _sql[_position + ahead] : '\0';

    private void Set(Token token, string? word)
    {
        _previous = token;
        _previousWord = word;
    }

    /// <summary>
    /// Numbers inside this parenthesis are values (argument lists, IN lists, VALUES rows) unless the
    /// opener follows a word that makes them column ordinals or grouping items.
    /// </summary>
    private readonly bool OpensValueList() => _previous switch
    {
        Token.Word => _previousWord is not null and not ("ON" or "SETS" or "ROLLUP" or "CUBE" or "BY" or "GROUPING" or "DISTINCT"),
        Token.Operator => true,
        Token.OpenParen or Token.Comma => _lists.Count > 0 && _lists.Peek(),
        _ => false,
    };

    private bool ScanNumber()
    {
        var start = _position;
        while (_position < _sql.Length && char.IsAsciiDigit(_sql[_position]))
        {
            _position++;
        }
        if (_position < _sql.Length && _sql[_position] == '.' && Peek(1) != '.')
        {
            _position++;
            while (_position < _sql.Length && char.IsAsciiDigit(_sql[_position]))
            {
                _position++;
            }
        }
        if (_position < _sql.Length && _sql[_position] is 'e' or 'E')
        {
            var save = _position++;
            if (_position < _sql.Length && _sql[_position] is '+' or '-')
            {
                _position++;
            }
            if (_position < _sql.Length && char.IsAsciiDigit(_sql[_position]))
            {
                while (_position < _sql.Length && char.IsAsciiDigit(_sql[_position]))
                {
                    _position++;
                }
            }
            else
            {
                _position = save;
            }
        }
        if (_position < _sql.Length && IsWordChar(_sql[_position]))
        {
            return false; // 123abc, 0x1F: not a plain number
        }
        var replace = _previous switch
        {
            Token.Operator => true,
            Token.Word => _previousWord is "LIMIT" or "OFFSET",
            Token.OpenParen or Token.Comma => _lists.Count > 0 && _lists.Peek(),
            _ => false,
        };
        if (replace)
        {
            _literals.Add((start, _position - start));
        }
        Set(Token.Other, null);
        return true;
    }

    private void SkipLineComment()
    {
        while (_position < _sql.Length && _sql[_position] != '\n')
        {
            _position++;
        }
    }

    private bool SkipBlockComment()
    {
        var depth = 0;
        while (_position < _sql.Length)
        {
            if (_sql[_position] == '/' && Peek(1) == '*')
            {
                depth++;
                _position += 2;
            }
            else if (_sql[_position] == '*' && Peek(1) == '/')
            {
                depth--;
                _position += 2;
                if (depth == 0)
                {
                    return true;
                }
            }
            else
            {
                _position++;
            }
        }
        return false;
    }

    private bool SkipQuoted(char quote)
    {
        _position++;
        while (_position < _sql.Length)
        {
            if (_sql[_position] == quote)
            {
                if (Peek(1) == quote)
                {
                    _position += 2;
                    continue;
                }
                _position++;
                return true;
            }
            _position++;
        }
        return false;
    }
}
