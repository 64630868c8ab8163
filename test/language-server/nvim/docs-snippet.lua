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
local callback_errors = {}

local function finish(result)
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local buf = vim.api.nvim_get_current_buf()
    local ok = loaded and vim.wait(timeout, function() return #vim.diagnostic.get(buf) > 0 end, 50)
    vim.wait(300, function() return false end, 50)
    local items = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local lsp = (d.user_data and d.user_data.lsp) or {}
      table.insert(items, { line = d.lnum, character = d.col, severity = d.severity, message = d.message, code = d.code or lsp.code })
    end
    local clients = {}
    for _, client in pairs(vim.lsp.buf_get_clients(buf)) do table.insert(clients, client.name) end
    local v = vim.version()
    finish({
      loaded = loaded, load_error = load_error and tostring(load_error) or vim.NIL, ok = ok,
      version = string.format('%d.%d.%d', v.major, v.minor, v.patch), clients = clients, diagnostics = items,
      shown = shown, requests = requests, errors = callback_errors,
    })
  end,
})
