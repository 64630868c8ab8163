-- Headless Neovim (0.7+ API: vim.lsp.start_client / buf_attach_client / vim.diagnostic.get) driving the
-- dockerlint language server through Neovim's built-in LSP client.
-- Env: DOCKERLINT_SERVER (server script), DOCKERLINT_OUT (result file), DOCKERLINT_TIMEOUT_MS.
local server = assert(os.getenv('DOCKERLINT_SERVER'), 'DOCKERLINT_SERVER not set')
local out = assert(os.getenv('DOCKERLINT_OUT'), 'DOCKERLINT_OUT not set')
local timeout = tonumber(os.getenv('DOCKERLINT_TIMEOUT_MS') or '20000')

vim.cmd('filetype on')

local client_id = nil
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'dockerfile',
  callback = function(args)
    if not client_id then
      client_id = vim.lsp.start_client({
        name = 'dockerlint',
        cmd = { 'node', server, '--stdio' },
        root_dir = vim.fn.getcwd(),
        settings = { dockerlint = { enable = true } },
      })
    end
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})

local function finish(result)
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local buf = vim.api.nvim_get_current_buf()
    local ok = vim.wait(timeout, function() return #vim.diagnostic.get(buf) > 0 end, 50)
    -- Let a possible second publish settle.
    vim.wait(300, function() return false end, 50)
    local items = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local lsp = (d.user_data and d.user_data.lsp) or {}
      table.insert(items, {
        line = d.lnum, character = d.col, endLine = d.end_lnum, endCharacter = d.end_col,
        severity = d.severity, message = d.message, source = d.source,
        code = d.code or lsp.code,
      })
    end
    finish({ ok = ok, filetype = vim.bo[buf].filetype, attached = client_id ~= nil, nvim = vim.version(), diagnostics = items })
  end,
})
