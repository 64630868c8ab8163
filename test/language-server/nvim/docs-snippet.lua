-- Headless Neovim running one Lua snippet of docs/editors.md as a user's init would, then reporting what the
-- built-in LSP client received. The snippet runs verbatim: `dockerlint-language-server` is found on PATH.
-- Env: DOCKERLINT_SNIPPET (Lua file), DOCKERLINT_OUT (result file), DOCKERLINT_TIMEOUT_MS.
local snippet = assert(os.getenv('DOCKERLINT_SNIPPET'), 'DOCKERLINT_SNIPPET not set')
local out = assert(os.getenv('DOCKERLINT_OUT'), 'DOCKERLINT_OUT not set')
local timeout = tonumber(os.getenv('DOCKERLINT_TIMEOUT_MS') or '20000')

vim.cmd('filetype on')

-- Count what the server shows: notifications are fine, requests would block a user (0.7: "Type number and <Enter>").
local shown, requests = {}, {}
local show = vim.lsp.handlers['window/showMessage']
vim.lsp.handlers['window/showMessage'] = function(err, result, ctx, config)
  table.insert(shown, { type = result.type, message = result.message })
  return show(err, result, ctx, config)
end
vim.lsp.handlers['window/showMessageRequest'] = function(_, result)
  table.insert(requests, { type = result.type, message = result.message })
  return vim.NIL
end

local loaded, load_error = pcall(dofile, snippet)
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)')
dofile(here .. 'report.lua')(out, loaded and timeout or 0, function(buf)
  local clients = {}
  for _, client in pairs(vim.lsp.buf_get_clients(buf)) do table.insert(clients, client.name) end
  local v = vim.version()
  return {
    ok = loaded, loaded = loaded, load_error = load_error and tostring(load_error) or vim.NIL,
    version = string.format('%d.%d.%d', v.major, v.minor, v.patch), clients = clients, shown = shown, requests = requests,
  }
end)
